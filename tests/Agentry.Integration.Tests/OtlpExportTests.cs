using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>
/// With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, the service exports traces, logs and metrics over OTLP/HTTP to a real
/// receiver (the standalone Aspire dashboard), and the spans of a run and its log lines share one trace.
/// </summary>
public sealed class OtlpExportTests
{
    [Fact]
    public async Task Run_WithAnOtlpEndpoint_ExportsItsSpansLogsAndMetrics()
    {
        await using AspireDashboard dashboard = await AspireDashboard.StartAsync();
        await using AgentryProcess agentry = await AgentryProcess.StartAsync(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = dashboard.OtlpHttpEndpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "200",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        });

        using HttpResponseMessage response = await agentry.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 17 * 23?"}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string runId = (await JsonHttp.ReadAsync(response)).GetProperty("run_id").GetString()!;

        // The request's own span ends after its answer is written, so it may come in a later batch than the run's.
        JsonElement spans = await dashboard.WaitForAsync(
            "/api/telemetry/spans?limit=500",
            page => Spans(page).Any(s => s.Name == "invoke_agent assistant" && Spans(page).Any(other => other.TraceId == s.TraceId && other.Name.StartsWith("POST", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30));
        (string Name, string TraceId) run = Spans(spans).First(s => s.Name == "invoke_agent assistant");
        string[] inTheRunsTrace = Spans(spans).Where(s => s.TraceId == run.TraceId).Select(s => s.Name).ToArray();
        Assert.Contains("execute_tool calculator", inTheRunsTrace);
        Assert.Contains(inTheRunsTrace, name => name.StartsWith("chat ", StringComparison.Ordinal));
        Assert.Contains(inTheRunsTrace, name => name.StartsWith("POST", StringComparison.Ordinal));
        Assert.Equal("agentry", ServiceName(spans.GetProperty("data").GetProperty("resourceSpans")[0]));

        JsonElement logs = await dashboard.WaitForAsync("/api/telemetry/logs?limit=500", page => LogRecords(page).Any(r => HasAttributeValue(r, runId)), TimeSpan.FromSeconds(30));
        JsonElement completed = LogRecords(logs).First(r => HasAttributeValue(r, runId) && r.GetProperty("body").GetProperty("stringValue").GetString() == "Run completed");
        Assert.Equal(run.TraceId, completed.GetProperty("traceId").GetString());
        Assert.Contains(agentry.Output, line => line.Contains(runId, StringComparison.Ordinal) && line.Contains($"\"trace_id\":\"{run.TraceId}\"", StringComparison.Ordinal));

        JsonElement resources = await dashboard.WaitForAsync("/api/telemetry/resources", page => page.EnumerateArray().Any(r => r.GetProperty("hasMetrics").GetBoolean()), TimeSpan.FromSeconds(30));
        Assert.Contains(resources.EnumerateArray(), r => r.GetProperty("name").GetString() == "agentry" && r.GetProperty("hasMetrics").GetBoolean() && r.GetProperty("hasLogs").GetBoolean());
    }

    private static IEnumerable<(string Name, string TraceId)> Spans(JsonElement page) =>
        page.GetProperty("data").GetProperty("resourceSpans").EnumerateArray()
            .SelectMany(resource => resource.GetProperty("scopeSpans").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("spans").EnumerateArray())
            .Select(span => (span.GetProperty("name").GetString()!, span.GetProperty("traceId").GetString()!));

    private static IEnumerable<JsonElement> LogRecords(JsonElement page) =>
        page.GetProperty("data").GetProperty("resourceLogs").EnumerateArray()
            .SelectMany(resource => resource.GetProperty("scopeLogs").EnumerateArray())
            .SelectMany(scope => scope.GetProperty("logRecords").EnumerateArray());

    private static bool HasAttributeValue(JsonElement record, string value) =>
        record.TryGetProperty("attributes", out JsonElement attributes)
        && attributes.EnumerateArray().Any(a => a.GetProperty("value").TryGetProperty("stringValue", out JsonElement s) && s.GetString() == value);

    private static string? ServiceName(JsonElement resourceSpans) =>
        resourceSpans.GetProperty("resource").GetProperty("attributes").EnumerateArray()
            .Where(a => a.GetProperty("key").GetString() == "service.name")
            .Select(a => a.GetProperty("value").GetProperty("stringValue").GetString())
            .FirstOrDefault();
}
