using System.Net;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

[Collection(AgentryTestGroup.Name)]
public sealed class ManagementEndpointTests(AgentryFixture fixture)
{
    private AgentryServer Server => fixture.Server;

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task ManagementPath_IsServedOnManagementPortOnly(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await Server.Management.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Api.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ApiPath_IsNotServedOnManagementPort()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Management.GetAsync("/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Management.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"hi"}"""))).StatusCode);
    }

    [Fact]
    public async Task ManagementPath_WithForgedHostHeader_IsStillNotServedOnApiPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = Server.Management.BaseAddress!.Authority;

        Assert.Equal(HttpStatusCode.NotFound, (await Server.Api.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task DetailedHealth_ReportsChecksAsJson()
    {
        JsonElement report = await JsonHttp.ReadAsync(await Server.Management.GetAsync("/health"));

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("simulator/claude-sonnet-4-5", report.GetProperty("checks").GetProperty("agents").GetProperty("data").GetProperty("assistant").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("process").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Metrics_AfterRuns_ContainTheNamedSeries()
    {
        await Server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 6 * 7?"}"""));
        await Server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 6 * 7?","stream":true}"""));

        string metrics = await Server.Management.GetStringAsync("/metrics");

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
