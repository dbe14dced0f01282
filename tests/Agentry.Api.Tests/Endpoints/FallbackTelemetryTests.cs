using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>
/// When a fallback answers, the telemetry names the provider and model that answered, not the agent's primary. The
/// model ids are this test's own: Microsoft.Extensions.AI's meter is process-wide, so other servers of this test
/// process show in every server's /metrics.
/// </summary>
public sealed class FallbackTelemetryTests
{
    [Fact]
    public async Task PrimaryProviderDown_FallbackProviderAnswers_MetricsNameEachRouteThatWasCalled()
    {
        await using AgentryServer server = await AgentryServer.StartAsync(
            "--Agents:assistant:Provider=anthropic",
            "--Agents:assistant:Model=claude-telemetry-primary",
            "--Agents:assistant:FallbackModels:0=simulator/claude-telemetry-fallback",
            "--Providers:Anthropic:ApiKey=placeholder-key",
            $"--Providers:Anthropic:BaseUrl=http://127.0.0.1:{FreePort.Next()}",
            "--Resilience:MaxRetries=0");

        using HttpResponseMessage response = await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"hello"}"""));
        JsonElement run = await JsonHttp.ReadAsync(response);
        string metrics = await server.Management.GetStringAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("simulator", run.GetProperty("provider").GetString());
        Assert.Equal("fallback", run.GetProperty("served_by").GetString());
        Assert.Equal(1, PrometheusText.Sum(metrics, "gen_ai_client_operation_duration_seconds_count",
            "gen_ai_provider_name=\"simulator\"", "gen_ai_request_model=\"claude-telemetry-fallback\""));
        Assert.Equal(1, PrometheusText.Sum(metrics, "gen_ai_client_operation_duration_seconds_count",
            "gen_ai_provider_name=\"anthropic\"", "gen_ai_request_model=\"claude-telemetry-primary\"", "error_type="));
    }
}
