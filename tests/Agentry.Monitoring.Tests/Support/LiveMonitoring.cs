using System.Text.Json;
using Agentry.Simulator;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// The real thing, once for the live tests: redis-server, the Anthropic-wire simulator, Agentry (in-process, real
/// TCP ports, Production with API keys) configured with agents and callers that exercise every metric family, Debian's
/// redis_exporter on that Redis, and a real Prometheus that scrapes both every second with the repository's
/// prometheus.yml jobs and evaluates recording_rules.yml and alerts.yml every second.
/// </summary>
public sealed class LiveMonitoring : IAsyncLifetime
{
    private RedisServer? _redis;
    private LocalServer? _redisExporter;
    private WebApplication? _simulator;
    private AgentryServer? _agentry;
    private PrometheusServer? _prometheus;

    internal AgentryServer Agentry => _agentry ?? throw new InvalidOperationException("Not started.");

    internal PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Not started.");

    /// <summary>The service's /metrics after all the traffic.</summary>
    internal MetricsExposition Metrics { get; private set; } = MetricsExposition.Parse("");

    /// <summary>redis_exporter's /metrics for the service's Redis after all the traffic.</summary>
    internal MetricsExposition RedisMetrics { get; private set; } = MetricsExposition.Parse("");

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        int exporterPort = FreePort.Next();
        _redisExporter = await LocalServer.StartAsync("prometheus-redis-exporter", "prometheus-redis-exporter", exporterPort,
            _ => ["-redis.addr", $"redis://127.0.0.1:{_redis.Port}", "-web.listen-address", $"127.0.0.1:{exporterPort}"], "/health");

        _simulator = SimulatorServer.Build(["--urls", $"http://127.0.0.1:{FreePort.Next()}"]);
        await _simulator.StartAsync();
        Uri simulator = SimulatorServer.BoundAddress(_simulator);

        _agentry = await AgentryServer.StartAsync(LiveTraffic.Settings(simulator, _redis.ConnectionString));
        LiveTraffic.Authenticate(_agentry.Api);
        _prometheus = await PrometheusServer.StartAsync(port => PrometheusTestConfig.ForLiveMonitoring(port, Agentry.Management.BaseAddress!, _redisExporter.Address));

        // Two rounds of traffic, each followed by scrapes: every series then has samples before and after the
        // second round, so counters have moved between samples and rate() is defined and not 0.
        await Prometheus.WaitForSeriesAsync("up{job=\"agentry\"} == 1", TimeSpan.FromSeconds(30));
        await LiveTraffic.DriveAsync(Agentry);
        await Prometheus.WaitForScrapeAfterAsync("agentry", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(1.5));
        await LiveTraffic.DriveAsync(Agentry);
        await LiveTraffic.RejectConnectionsAsync(Agentry);
        await Prometheus.WaitForScrapeAfterAsync("agentry", DateTimeOffset.UtcNow, TimeSpan.FromSeconds(2.5));
        await Prometheus.WaitForSeriesAsync("sum(rate(agent_runs_total{job=\"agentry\"}[1m])) > 0", TimeSpan.FromSeconds(30));

        Metrics = MetricsExposition.Parse(await Agentry.Management.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        RedisMetrics = MetricsExposition.Parse(await _redisExporter.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        // Recording rules are evaluated every second; wait until the last group has produced a sample.
        await Prometheus.WaitForSeriesAsync("agentry:slo_slow_runs:ratio_rate3d", TimeSpan.FromSeconds(30));
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is not null)
        {
            await _prometheus.DisposeAsync();
        }

        if (_agentry is not null)
        {
            await _agentry.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.StopAsync();
            await _simulator.DisposeAsync();
        }

        if (_redisExporter is not null)
        {
            await _redisExporter.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    /// <summary>Instant query that must succeed; the error text otherwise.</summary>
    internal async Task<(bool Ok, JsonElement Answer)> TryQueryAsync(string expression)
    {
        JsonElement answer = await Prometheus.QueryAsync(expression);
        return (answer.GetProperty("status").GetString() == "success", answer);
    }
}
