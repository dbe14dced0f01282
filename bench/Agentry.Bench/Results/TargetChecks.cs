using System.Globalization;
using Agentry.Bench.Scenarios;

namespace Agentry.Bench.Results;

/// <summary>Checks a result against its scenario's targets.</summary>
internal static class TargetChecks
{
    public static IReadOnlyList<TargetCheck> Evaluate(Scenario scenario, ScenarioResult result)
    {
        var checks = new List<TargetCheck>();
        foreach (Target target in scenario.Targets)
        {
            double? measured = Measured(target.Metric, result);
            string goal = (target.AtLeast ? ">= " : "<= ") + target.Limit.ToString(CultureInfo.InvariantCulture);
            checks.Add(new TargetCheck(target.Metric, goal, measured, measured is { } value && target.IsMetBy(value)));
        }

        return checks;
    }

    private static double? Measured(string metric, ScenarioResult result) => metric switch
    {
        Metrics.AddedP50 => result.AddedLatencyMs?.P50,
        Metrics.AddedP99 => result.AddedLatencyMs?.P99,
        Metrics.AddedTtftP50 => result.AddedTtftMs?.P50,
        Metrics.RequestsPerSecond => result.Service.RequestsPerSecond,
        Metrics.PeakRss => result.Resources.PeakRssMb,
        Metrics.IdleRss => result.Resources.IdleRssMb,
        Metrics.Errors => result.Errors,
        _ => null,
    };
}
