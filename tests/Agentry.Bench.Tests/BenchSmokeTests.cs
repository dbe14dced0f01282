using System.Text.Json;
using Agentry.Bench;
using Agentry.Bench.Processes;
using Xunit.Abstractions;

namespace Agentry.Bench.Tests;

/// <summary>
/// Runs the benchmark for a few seconds on one scenario (real simulator and service processes on loopback) and
/// checks only the shape of its result file and that no run failed: timing goals live in bench/, not in tests.
/// </summary>
public sealed class BenchSmokeTests(ITestOutputHelper output)
{
    private const string Scenario = "single-50ms-memory";

    [Fact]
    public async Task Bench_ShortRunOfOneScenario_WritesWellFormedResultWithoutErrors()
    {
        string folder = Directory.CreateTempSubdirectory("agentry-bench-smoke-").FullName;
        try
        {
            var options = new BenchOptions
            {
                Scenarios = Scenario,
                Warmup = TimeSpan.FromSeconds(1),
                Duration = TimeSpan.FromSeconds(3),
                Concurrency = 8,
                Output = folder,
            };

            await BenchRunner.RunAsync(options, BenchPaths.FromAssembly(), output.WriteLine, CancellationToken.None);

            using JsonDocument result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, Scenario + ".json")));
            JsonElement root = result.RootElement;
            Assert.Equal(Scenario, root.GetProperty("scenario").GetString());
            foreach (string phase in new[] { "service", "direct" })
            {
                JsonElement measured = root.GetProperty(phase);
                Assert.True(measured.GetProperty("errors").GetInt64() == 0, $"{phase}: runs failed: {measured.GetProperty("error_samples")}");
                Assert.True(measured.GetProperty("completed_runs").GetInt64() > 0, $"{phase}: no run completed");
                Assert.True(measured.GetProperty("requests_per_second").GetDouble() > 0, $"{phase}: no throughput");
                JsonElement latency = measured.GetProperty("latency_ms");
                foreach (string percentile in new[] { "p50", "p90", "p99", "max" })
                {
                    Assert.True(latency.GetProperty(percentile).GetDouble() > 0, $"{phase}.latency_ms.{percentile} is not positive");
                }
            }

            Assert.Equal(0, root.GetProperty("errors").GetInt64());
            JsonElement added = root.GetProperty("added_latency_ms");
            Assert.Equal(JsonValueKind.Number, added.GetProperty("p50").ValueKind);
            Assert.Equal(JsonValueKind.Number, added.GetProperty("p99").ValueKind);
            JsonElement resources = root.GetProperty("resources");
            Assert.True(resources.GetProperty("peak_rss_mb").GetDouble() > 0);
            Assert.True(resources.GetProperty("cpu_seconds_per_1000_runs").GetDouble() > 0);
            Assert.True(resources.GetProperty("allocated_bytes_per_run").GetDouble() > 0);
            Assert.NotEqual(JsonValueKind.Undefined, root.GetProperty("targets").ValueKind);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
