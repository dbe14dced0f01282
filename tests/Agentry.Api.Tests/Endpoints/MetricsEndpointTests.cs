using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// Runs alone, on a server of its own: meters created through an app's IMeterFactory share their names
/// with every other app in the process, and OpenTelemetry stops exporting a name once another app that
/// used it is disposed. One app per process (production) never meets this; a test process full of apps does.
/// </summary>
[Collection(IsolatedTestGroup.Name)]
public sealed class MetricsEndpointTests
{
    [Fact]
    public async Task Metrics_AfterRuns_ContainTheNamedSeries()
    {
        await using AgentryServer server = await AgentryServer.StartAsync("--Agents:cached:Provider=simulator", "--Agents:cached:ResponseCache:Enabled=true");
        await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 6 * 7?"}"""));
        await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 6 * 7?","stream":true}"""));

        JsonElement missed = await JsonHttp.ReadAsync(await server.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body("""{"input":"Hello"}""")));
        await server.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body("""{"input":"Hello"}"""));
        string streamBody = """{"input":"Hello, streamed","stream":true}""";
        var streamMissed = ServerSentEvents.Parse(await (await server.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body(streamBody))).Content.ReadAsStringAsync());
        var streamHit = ServerSentEvents.Parse(await (await server.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body(streamBody))).Content.ReadAsStringAsync());

        string metrics = await server.Management.GetStringAsync("/metrics");

        // Each hit saved what the answer it replays cost when the model gave it.
        Assert.True(streamHit[^1].Data.GetProperty("cached").GetBoolean());
        decimal saved = missed.GetProperty("cost_usd").GetDecimal() + streamMissed[^1].Data.GetProperty("cost_usd").GetDecimal();
        Assert.True(saved > 0);
        Assert.Equal((double)saved, PrometheusText.Sum(metrics, "agent_cache_saved_usd_total", "agent=\"cached\"", "model=\"claude-sonnet-4-5\""), 1e-9);

        string[] expected =
        [
            "gen_ai_client_operation_duration_seconds_bucket",
            "gen_ai_client_token_usage_sum",
            "gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
            "gen_ai_invoke_agent_duration_seconds_bucket",
            "gen_ai_execute_tool_duration_seconds_count",
            "agent_llm_cost_usd_total",
            "agent_runs_in_flight",
            "agent_runs_total",
            "agent_request_overhead_seconds_bucket",
            "cache_name=\"response\",cache_result=\"hit\"",
            "cache_name=\"response\",cache_result=\"miss\"",
            "http_server_request_duration_seconds_bucket",
            "dotnet_gc_collections_total",
        ];
        Assert.All(expected, name => Assert.Contains(name, metrics, StringComparison.Ordinal));
        Assert.Contains("gen_ai_tool_name=\"calculator\"", metrics, StringComparison.Ordinal);
        Assert.Contains("cost_component=\"output\"", metrics, StringComparison.Ordinal);
        Assert.Contains("gen_ai_token_type=\"input\"", metrics, StringComparison.Ordinal);
        // Long HTTP buckets: a 30 s SLO threshold and runs up to 5 minutes are measurable.
        Assert.Contains("http_server_request_duration_seconds_bucket{", metrics, StringComparison.Ordinal);
        Assert.Contains("le=\"30\"", metrics, StringComparison.Ordinal);
        Assert.Contains("le=\"300\"", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("otel_metric_overflow", metrics, StringComparison.Ordinal);
    }
}
