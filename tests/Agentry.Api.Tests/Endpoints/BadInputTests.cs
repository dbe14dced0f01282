using System.Net;
using System.Text;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>Every malformed request gets a 4xx Problem Details that says why, never a 500.</summary>
[Collection(AgentryTestGroup.Name)]
public sealed class BadInputTests(AgentryFixture fixture)
{
    private HttpClient Api => fixture.Server.Api;

    public static TheoryData<string, string, int, string?> BadRunBodies => new()
    {
        { "malformed JSON", """{"input": "hi" """, 400, null },
        { "not JSON at all", "hello", 400, null },
        { "trailing garbage", """{"input":"hi"} x""", 400, null },
        { "null body", "null", 400, null },
        { "array body", """["input"]""", 400, null },
        { "input is a number", """{"input": 5}""", 400, "input" },
        { "input is an object", """{"input": {"text":"hi"}}""", 400, "input" },
        { "stream is a string", """{"input":"hi","stream":"yes"}""", 400, "stream" },
        { "max_tokens is a string", """{"input":"hi","max_tokens":"10"}""", 400, "max_tokens" },
        { "max_tokens is fractional", """{"input":"hi","max_tokens":1.5}""", 400, "max_tokens" },
        { "max_tokens is zero", """{"input":"hi","max_tokens":0}""", 400, "max_tokens" },
        { "max_tokens above agent limit", """{"input":"hi","max_tokens":100000}""", 400, "max_tokens" },
        { "missing input", """{"stream":false}""", 400, "input" },
        { "empty input", """{"input":"   "}""", 400, "input" },
        { "unknown field", """{"input":"hi","sesion_id":"x"}""", 400, null },
        { "session id with slash", """{"input":"hi","session_id":"../../etc"}""", 400, "session_id" },
        { "control character in input", """{"input":"hi\u0000there"}""", 400, "input" },
        { "metadata not strings", """{"input":"hi","metadata":{"a":1}}""", 400, null },
        { "deeply nested", "{\"input\":" + new string('[', 5000) + new string(']', 5000) + "}", 400, null },
        { "unknown session", """{"input":"hi","session_id":"ses_doesnotexist"}""", 404, null },
    };

    [Theory]
    [MemberData(nameof(BadRunBodies))]
    public async Task Run_WithBadBody_AnswersProblemDetails(string because, string body, int status, string? field)
    {
        using HttpResponseMessage response = await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body));

        await AssertProblemAsync(response, status, because);
        if (field is not null)
        {
            JsonElement problem = await JsonHttp.ReadAsync(response);
            Assert.Equal(field, problem.GetProperty("field").GetString());
        }
    }

    [Fact]
    public async Task Run_WithInvalidUtf8_Is400()
    {
        byte[] body = [.. "{\"input\":\""u8, 0xC3, 0x28, 0xFF, .. "\"}"u8];

        await AssertProblemAsync(await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Raw(body)), 400, "invalid UTF-8");
    }

    [Fact]
    public async Task Run_WithOversizeBody_Is413()
    {
        string body = "{\"input\":\"" + new string('a', 2 * 1024 * 1024) + "\"}";

        // As a client of large uploads sends them: the 413 comes before the body, so the server's closing the
        // connection on a refused body cannot cut the client's write short.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body(body) };
        request.Headers.ExpectContinue = true;
        await AssertProblemAsync(await Api.SendAsync(request), 413, "body over 1 MiB");
    }

    [Fact]
    public async Task Run_WithInputOverLimit_Is400()
    {
        string body = "{\"input\":\"" + new string('a', 100_001) + "\"}";

        await AssertProblemAsync(await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body)), 400, "input over 100,000 characters");
    }

    [Fact]
    public async Task Run_WithTextContentType_Is415()
    {
        using var content = new StringContent("""{"input":"hi"}""", Encoding.UTF8, "text/plain");

        await AssertProblemAsync(await Api.PostAsync("/v1/agents/assistant/runs", content), 415, "text/plain body");
    }

    [Fact]
    public async Task Run_UnknownAgent_Is404()
    {
        await AssertProblemAsync(await Api.PostAsync("/v1/agents/nobody/runs", JsonHttp.Body("""{"input":"hi"}""")), 404, "unknown agent");
    }

    [Fact]
    public async Task UnknownRoute_Is404ProblemAndWrongMethodIs405()
    {
        await AssertProblemAsync(await Api.GetAsync("/v1/nothing-here"), 404, "unknown route");
        await AssertProblemAsync(await Api.PutAsync("/v1/agents", JsonHttp.Body("{}")), 405, "wrong method");
    }

    [Fact]
    public async Task Service_AfterBadInput_StillAnswers()
    {
        foreach (string body in new[] { "{", "[]", "{\"input\":1}" })
        {
            await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body(body));
        }

        using HttpResponseMessage ok = await Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"What is 2 * 2?"}"""));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status, string because)
    {
        Assert.True(status == (int)response.StatusCode, $"{because}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonElement problem = await JsonHttp.ReadAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
    }
}
