using System.Globalization;
using System.Text.Json;
using Agentry.Bench.Processes;
using Agentry.Bench.Results;
using Agentry.Bench.Scenarios;

namespace Agentry.Bench;

/// <summary>Runs the chosen scenarios one after the other and writes one result file for each.</summary>
internal static class BenchRunner
{
    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(BenchOptions options, BenchPaths paths, Action<string> log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(log);
        IReadOnlyList<Scenario> scenarios = ScenarioCatalog.Select(options.Scenarios);
        string output = Path.GetFullPath(options.Output ?? paths.DefaultResults);
        Directory.CreateDirectory(output);

        RedisProcess? redis = null;
        var results = new List<ScenarioResult>();
        try
        {
            var runner = new ScenarioRunner(paths, options, log);
            foreach (Scenario scenario in scenarios)
            {
                if (scenario.Store == StoreKind.Redis && redis is null)
                {
                    redis = await RedisProcess.StartAsync(cancellationToken).ConfigureAwait(false);
                }

                log($"{scenario.Name}: {scenario.Description}");
                ScenarioResult result = await runner.RunAsync(scenario, scenario.Store == StoreKind.Redis ? redis : null, cancellationToken).ConfigureAwait(false);
                string file = Path.Combine(output, scenario.Name + ".json");
                await File.WriteAllTextAsync(file, JsonSerializer.Serialize(result, BenchJsonContext.Default.ScenarioResult) + "\n", cancellationToken).ConfigureAwait(false);
                log("  " + Summary(result));
                results.Add(result);
            }

            await SummaryTable.WriteAsync(output, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (redis is not null)
            {
                await redis.DisposeAsync().ConfigureAwait(false);
            }
        }

        return results;
    }

    public static string Summary(ScenarioResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var line = new System.Text.StringBuilder();
        line.Append(CultureInfo.InvariantCulture, $"{result.Service.RequestsPerSecond:F0} runs/s");
        if (result.Service.LatencyMs is { } latency)
        {
            line.Append(CultureInfo.InvariantCulture, $", p50 {latency.P50:F2} ms, p99 {latency.P99:F2} ms");
        }

        if (result.AddedLatencyMs is { } added)
        {
            line.Append(CultureInfo.InvariantCulture, $", added p50 {added.P50:F2} ms p99 {added.P99:F2} ms");
        }

        if (result.AddedTtftMs is { } ttft)
        {
            line.Append(CultureInfo.InvariantCulture, $", added TTFT p50 {ttft.P50:F2} ms");
        }

        ServiceResources r = result.Resources;
        line.Append(CultureInfo.InvariantCulture, $", CPU {r.CpuSecondsPer1000Runs:F3} s/1000 runs, {r.AllocatedBytesPerRun / 1024:F1} KiB/run, RSS idle {r.IdleRssMb:F0} MB peak {r.PeakRssMb:F0} MB, errors {result.Errors}");
        int missed = result.Targets.Count(t => !t.Met);
        line.Append(missed == 0 ? ", targets met" : $", {missed} target(s) missed: {string.Join(", ", result.Targets.Where(t => !t.Met).Select(t => $"{t.Metric} {t.Measured} (goal {t.Goal})"))}");
        return line.ToString();
    }
}
