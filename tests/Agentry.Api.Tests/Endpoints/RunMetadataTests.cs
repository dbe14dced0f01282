using System.Net;
using System.Text.Json;
using Agentry.Core.Audit;
using Agentry.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>The run request's <c>metadata</c> stays with the run: echoed in the answer (JSON and the streamed <c>run.completed</c>) and kept in the run's audit event.</summary>
public sealed class RunMetadataTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Metadata_IsEchoedInTheAnswer_AndKeptInTheRunAuditEvent(bool stream)
    {
        using var audit = new AwaitableAuditWriter();
        await using AgentryServer server = await AgentryServer.StartAsync(services => services.AddSingleton<IAuditWriter>(audit));

        using HttpResponseMessage response = await server.Api.PostAsync(
            "/v1/agents/assistant/runs",
            JsonHttp.Body($$$"""{"input":"What is 2 + 2?","stream":{{{(stream ? "true" : "false")}}},"metadata":{"customer":"c-42","ticket":"T-<7>"}}"""));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string body = await response.Content.ReadAsStringAsync();
        JsonElement answer = stream
            ? ServerSentEvents.Parse(body).Single(e => e.Event == "run.completed").Data
            : JsonDocument.Parse(body).RootElement;

        JsonElement metadata = answer.GetProperty("metadata");
        Assert.Equal("c-42", metadata.GetProperty("customer").GetString());
        Assert.Equal("T-<7>", metadata.GetProperty("ticket").GetString());
        string runId = answer.GetProperty("run_id").GetString()!;
        AuditEvent run = await audit.WaitForAsync(e => e.Type == AuditEventTypes.Run && e.RunId == runId);
        Assert.Equal("c-42", run.Metadata!["customer"]);
        Assert.Equal("T-<7>", run.Metadata["ticket"]);
    }

    [Fact]
    public async Task Run_WithoutMetadata_AnswersWithoutTheField()
    {
        await using AgentryServer server = await AgentryServer.StartAsync();

        using HttpResponseMessage response = await server.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 2 + 2?"}"""));

        Assert.False((await JsonHttp.ReadAsync(response)).TryGetProperty("metadata", out _));
    }
}
