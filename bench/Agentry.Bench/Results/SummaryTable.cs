using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Agentry.Bench.Results;

/// <summary>Writes <c>summary.md</c>: one Markdown table row per result file of the folder, for docs/performance.md.</summary>
internal static class SummaryTable
{
    public static async Task WriteAsync(string folder, CancellationToken cancellationToken)
    {
        var rows = new List<ScenarioResult>();
        foreach (string file in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            string json = await File.ReadAllTextAsync(file, cancellationToken).ConfigureAwait(false);
            try
            {
                if (JsonSerializer.Deserialize(json, BenchJsonContext.Default.ScenarioResult) is { } result)
                {
                    rows.Add(result);
                }
            }
            catch (JsonException)
            {
                // Not a result file (or one of an older shape): left out of the table.
            }
        }

        var text = new StringBuilder();
        text.AppendLine("| scenario | runs/s | p50 ms | p99 ms | added p50 ms | added p99 ms | added TTFT p50 ms | errors | CPU s / 1000 runs | KiB / run | RSS idle / peak MB | Redis trips / run | load avg (1 min) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (ScenarioResult r in rows.OrderBy(r => r.StartedAt))
        {
            ServiceResources res = r.Resources;
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Service.RequestsPerSecond:F0} | {r.Service.LatencyMs?.P50:F2} | {r.Service.LatencyMs?.P99:F2} | {Cell(r.AddedLatencyMs?.P50)} | {Cell(r.AddedLatencyMs?.P99)} | {Cell(r.AddedTtftMs?.P50)} | {r.Errors} | {res.CpuSecondsPer1000Runs:F3} | {res.AllocatedBytesPerRun / 1024:F1} | {res.IdleRssMb:F0} / {res.PeakRssMb:F0} | {res.RedisRoundTripsPerRun:F2} | {r.Machine.LoadAverageAtStart.Split(' ')[0]} |"));
        }

        await File.WriteAllTextAsync(Path.Combine(folder, "summary.md"), text.ToString(), cancellationToken).ConfigureAwait(false);
    }

    private static string Cell(double? value) => value is { } v ? v.ToString("F2", CultureInfo.InvariantCulture) : "";
}
