using System.Net;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

[Collection(AgentryTestGroup.Name)]
public sealed class RunEndpointTests(AgentryFixture fixture)
{
    private HttpClient Api => fixture.Server.Api;

    [Fact]
    public async Task Run_ArithmeticQuestion_CallsCalculatorAndAnswers391()
    {
        using HttpResponseMessage response = await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 17 * 23?"}"""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement run = await JsonHttp.ReadAsync(response);
        Assert.Contains("391", run.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal("end_turn", run.GetProperty("stop_reason").GetString());
        JsonElement call = Assert.Single(run.GetProperty("tool_calls").EnumerateArray());
        Assert.Equal("calculator", call.GetProperty("name").GetString());
        Assert.Equal("391", call.GetProperty("result").GetString());
        Assert.True(run.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);
        Assert.True(run.GetProperty("usage").GetProperty("output_tokens").GetInt64() > 0);
        Assert.True(run.GetProperty("cost_usd").GetDecimal() > 0);
        Assert.True(run.GetProperty("timings").GetProperty("total_ms").GetDouble() > 0);
        Assert.StartsWith("run_", run.GetProperty("run_id").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, run.GetProperty("session_id").ValueKind);
    }

    [Theory]
    [InlineData("""{"input":"What is 17 * 23?","stream":true}""", null)]
    [InlineData("""{"input":"What is 17 * 23?"}""", "text/event-stream")]
    public async Task Run_Streamed_SendsEventsEndingWithCompletion(string body, string? accept)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body(body) };
        if (accept is not null)
        {
            request.Headers.Accept.ParseAdd(accept);
        }

        using HttpResponseMessage response = await Api.SendAsync(request);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal("run.started", events[0].Event);
        Assert.Equal("run.completed", events[^1].Event);
        Assert.Contains(events, e => e.Event == "tool.call" && e.Data.GetProperty("name").GetString() == "calculator");
        Assert.Contains(events, e => e.Event == "tool.result" && e.Data.GetProperty("result").GetString() == "391");
        Assert.Equal(2, events.Count(e => e.Event == "usage"));
        string output = events[^1].Data.GetProperty("output").GetString()!;
        string lastTurnText = string.Concat(events.SkipWhile(e => e.Event != "tool.result").Where(e => e.Event == "text.delta").Select(e => e.Data.GetProperty("text").GetString()));
        Assert.Equal(output, lastTurnText);
        Assert.Contains("391", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Run_AnswerWithPlusAndAngleBrackets_IsWrittenWithoutEscapingThem(bool stream)
    {
        string body = JsonSerializer.Serialize(new { input = "Say <hello> & what time is it in Asia/Tokyo? It's 1+1.", stream });

        using HttpResponseMessage response = await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body));
        string text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("+09:00", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u002B", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\\u003C", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListAgents_ShowsAssistantWithItsTools()
    {
        JsonElement list = await JsonHttp.ReadAsync(await Api.GetAsync("/v1/agents"));

        JsonElement assistant = list.GetProperty("agents").EnumerateArray().Single(a => a.GetProperty("name").GetString() == "assistant");
        Assert.Equal(["calculator", "current_time"], assistant.GetProperty("tools").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("simulator", assistant.GetProperty("provider").GetString());
    }

    [Fact]
    public async Task Run_TimeQuestion_CallsClock()
    {
        JsonElement run = await JsonHttp.ReadAsync(await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What time is it?"}""")));

        Assert.Equal("current_time", Assert.Single(run.GetProperty("tool_calls").EnumerateArray()).GetProperty("name").GetString());
        Assert.Contains("current time is", run.GetProperty("output").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApiDocument_DescribesRunEndpoint()
    {
        using HttpResponseMessage response = await Api.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement document = await JsonHttp.ReadAsync(response);
        Assert.True(document.GetProperty("paths").TryGetProperty("/v1/agents/{agent}/runs", out _));
    }
}
