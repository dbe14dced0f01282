using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>Recording rules are named level:metric:operations and every rule name used is recorded somewhere.</summary>
public sealed partial class RecordingRuleTests
{
    [Fact]
    public void RecordingRuleNames_FollowLevelMetricOperations()
    {
        Assert.NotEmpty(RuleFiles.Records);
        Assert.All(RuleFiles.Records, rule => Assert.Matches(LevelMetricOperations(), rule.Name));
    }

    [Fact]
    public void RecordingRuleNames_AreUnique()
    {
        Assert.Empty(RuleFiles.Records.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key));
    }

    [Fact]
    public void SloRatios_ExistForEveryBurnRateWindow()
    {
        var names = RuleFiles.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        foreach (string slo in new[] { "agentry:slo_errors", "agentry:slo_slow_runs" })
        {
            foreach (string window in new[] { "5m", "30m", "1h", "2h", "6h", "1d", "3d" })
            {
                Assert.Contains($"{slo}:ratio_rate{window}", names);
            }
        }
    }

    [Fact]
    public void EveryRuleNameUsedByRulesAndDashboards_IsRecorded()
    {
        var recorded = RuleFiles.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> expressions = RuleFiles.Records.Select(r => r.Expression)
            .Concat(RuleFiles.PrometheusAlerts.Select(a => a.Expression))
            .Concat(GrafanaDashboard.All.SelectMany(d => d.PrometheusTargets).Select(t => t.Expression));

        string[] unknown = expressions.SelectMany(PromQl.MetricNames).Where(n => n.Contains(':', StringComparison.Ordinal) && !recorded.Contains(n)).Distinct().ToArray();

        Assert.Empty(unknown);
    }

    [Fact]
    public void LatencySlo_ReadsThe30SecondBucketInBothPrometheus2And3Spelling()
    {
        RecordingRule rule = RuleFiles.Records.Single(r => r.Name == "agentry:slo_slow_runs:ratio_rate5m");

        Assert.Contains("le=~\"30(\\\\.0)?\"", rule.Expression, StringComparison.Ordinal);
    }

    [GeneratedRegex("^agentry:[a-z0-9_]+:[a-z0-9_]+$")]
    private static partial Regex LevelMetricOperations();
}
