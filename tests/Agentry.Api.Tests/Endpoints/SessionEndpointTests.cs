using System.Net;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

[Collection(AgentryTestGroup.Name)]
public sealed class SessionEndpointTests(AgentryFixture fixture)
{
    private HttpClient Api => fixture.Server.Api;

    [Fact]
    public async Task Session_TwoTurns_SecondRemembersTheFirst()
    {
        using HttpResponseMessage created = await Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}"""));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        string id = (await JsonHttp.ReadAsync(created)).GetProperty("session_id").GetString()!;

        await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"Hello, my name is Ada.","session_id":"{{id}}"}"""));
        JsonElement second = await JsonHttp.ReadAsync(await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"What is my name?","session_id":"{{id}}"}""")));

        Assert.Equal("Your name is Ada.", second.GetProperty("output").GetString());
        Assert.Equal(id, second.GetProperty("session_id").GetString());
        JsonElement session = await JsonHttp.ReadAsync(await Api.GetAsync($"/v1/sessions/{id}"));
        Assert.Equal(["user", "assistant", "user", "assistant"], session.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
    }

    [Fact]
    public async Task Session_WithToolTurn_IsStoredWithCallsAndResults()
    {
        string id = (await JsonHttp.ReadAsync(await Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;

        await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"What is 2 + 3?","session_id":"{{id}}","stream":true}"""));
        JsonElement session = await JsonHttp.ReadAsync(await Api.GetAsync($"/v1/sessions/{id}"));

        var parts = session.GetProperty("messages").EnumerateArray().SelectMany(m => m.GetProperty("content").EnumerateArray()).ToList();
        JsonElement call = parts.Single(p => p.GetProperty("type").GetString() == "tool_call");
        JsonElement result = parts.Single(p => p.GetProperty("type").GetString() == "tool_result");
        Assert.Equal(call.GetProperty("id").GetString(), result.GetProperty("tool_call_id").GetString());
        Assert.Equal("5", result.GetProperty("result").GetString());
    }

    [Fact]
    public async Task Delete_ThenGetOrRun_IsNotFound()
    {
        string id = (await JsonHttp.ReadAsync(await Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;

        Assert.Equal(HttpStatusCode.NoContent, (await Api.DeleteAsync($"/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.GetAsync($"/v1/sessions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Api.DeleteAsync($"/v1/sessions/{id}")).StatusCode);
        using HttpResponseMessage run = await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"hi","session_id":"{{id}}"}"""));
        Assert.Equal(HttpStatusCode.NotFound, run.StatusCode);
        Assert.Equal("application/problem+json", run.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Create_ForUnknownAgent_IsNotFound()
    {
        using HttpResponseMessage response = await Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"nobody"}"""));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
