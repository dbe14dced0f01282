using System.Globalization;
using Agentry.Infrastructure.Tests.Support;
using Agentry.Testing;

namespace Agentry.Infrastructure.Tests.Operations;

/// <summary>infrastructure/scripts/prometheus-snapshot.sh against a real Prometheus, and its archive restored into another.</summary>
public sealed class PrometheusSnapshotTests : IAsyncLifetime
{
    private readonly string _work = Directory.CreateTempSubdirectory("agentry-prometheus-snapshot-").FullName;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Directory.Delete(_work, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Snapshot_IsArchivedAndRemovedFromTheServer_AndTheArchiveServesAsATsdb()
    {
        string data = Path.Combine(_work, "data");
        int port = FreePort.Next();
        Uri url = new($"http://127.0.0.1:{port}");
        string config = Path.Combine(_work, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"global: {{scrape_interval: 1s}}\nscrape_configs:\n  - job_name: self\n    static_configs: [{{targets: ['127.0.0.1:{port}']}}]\n");
        await using (ServiceProcess prometheus = StartPrometheus(config, data, port, "--web.enable-admin-api"))
        {
            await prometheus.WaitUntilOkAsync(new Uri(url, "/-/ready"), TimeSpan.FromSeconds(30));
            await WaitForSamplesAsync(url, "count_over_time(up[1m]) >= 3");

            string output = Path.Combine(_work, "backups");
            ToolResult run = HostCommand.Run("bash", [Path.Combine(RepositoryLayout.Infrastructure, "scripts", "prometheus-snapshot.sh"),
                "--url", url.ToString(), "--data-dir", data, "--output", output, "--keep", "2"]);
            Assert.True(run.ExitCode == 0, run.Describe("prometheus-snapshot.sh"));
            string archive = run.StandardOutput.Trim();
            Assert.Matches(@"prometheus-\d{8}T\d{6}Z\.tar\.gz$", archive);
            Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(data, "snapshots")));

            // Restoring is pointing a Prometheus at the unpacked snapshot as its TSDB.
            string restored = Path.Combine(_work, "restored");
            Directory.CreateDirectory(restored);
            ToolResult untar = HostCommand.Run("tar", ["-xzf", archive, "-C", restored]);
            Assert.True(untar.ExitCode == 0, untar.Describe("tar"));
            data = Assert.Single(Directory.EnumerateDirectories(restored));
        }

        int second = FreePort.Next();
        await using ServiceProcess copy = StartPrometheus(config, data, second);
        var secondUrl = new Uri($"http://127.0.0.1:{second}");
        await copy.WaitUntilOkAsync(new Uri(secondUrl, "/-/ready"), TimeSpan.FromSeconds(30));
        await WaitForSamplesAsync(secondUrl, "count_over_time(up{job=\"self\"}[10m]) >= 3");
    }

    private static ServiceProcess StartPrometheus(string config, string data, int port, params string[] extra) =>
        ServiceProcess.Start(
            ["prometheus", $"--config.file={config}", $"--storage.tsdb.path={data}", $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn", .. extra],
            Path.GetTempPath(),
            new Dictionary<string, string?>());

    private static async Task WaitForSamplesAsync(Uri prometheus, string query)
    {
        using var http = new HttpClient { BaseAddress = prometheus };
        string answer = "";
        for (int attempt = 0; attempt < 60; attempt++)
        {
            answer = await http.GetStringAsync(new Uri($"/api/v1/query?query={Uri.EscapeDataString(query)}", UriKind.Relative));
            if (answer.Contains("\"value\"", StringComparison.Ordinal))
            {
                return;
            }

            await Task.Delay(500);
        }

        Assert.Fail($"{query} found no samples within 30 s: {answer}");
    }
}
