using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

/// <summary>Idempotency keys and the response cache on one instance (in-memory stores).</summary>
public sealed class IdempotencyAndCacheTests : IAsyncLifetime
{
    private AgentryServer? _server;

    private HttpClient Api => _server!.Api;

    public async Task InitializeAsync() => _server = await AgentryServer.StartAsync(
        "--Agents:cached:Provider=simulator",
        "--Agents:cached:Temperature=0",
        "--Agents:cached:Tools:0=calculator",
        "--Agents:cached:ResponseCache:Enabled=true",
        "--Agents:slow:Provider=simulator",
        "--Simulator:Latency=00:00:01");

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task Retry_WithSameKey_ReplaysFirstAnswer()
    {
        string key = Guid.NewGuid().ToString("N");

        JsonElement first = await JsonHttp.ReadAsync(await Api.SendAsync(Run("assistant", """{"input":"What is 5 * 5?"}""", key)));
        using HttpResponseMessage retry = await Api.SendAsync(Run("assistant", """{"input":"What is 5 * 5?"}""", key));

        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal(first.GetProperty("run_id").GetString(), (await JsonHttp.ReadAsync(retry)).GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task Retry_WhileFirstStillRuns_Is409()
    {
        string key = Guid.NewGuid().ToString("N");

        Task<HttpResponseMessage> first = Api.SendAsync(Run("slow", """{"input":"Hello"}""", key));
        // The first run holds the key from before it counts as in flight until after it ends.
        await RunsInFlight.WaitForAsync(_server!.Management, 1);
        using HttpResponseMessage second = await Api.SendAsync(Run("slow", """{"input":"Hello"}""", key));
        using HttpResponseMessage firstDone = await first;

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal(HttpStatusCode.OK, firstDone.StatusCode);
    }

    [Fact]
    public async Task Key_ReusedWithOtherBody_Is422_AndMalformedKeyIs400()
    {
        string key = Guid.NewGuid().ToString("N");
        await Api.SendAsync(Run("assistant", """{"input":"one"}""", key));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, (await Api.SendAsync(Run("assistant", """{"input":"two"}""", key))).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await Api.SendAsync(Run("assistant", """{"input":"two"}""", "has space"))).StatusCode);
    }

    [Fact]
    public async Task FailedRun_ReleasesItsKey()
    {
        string key = Guid.NewGuid().ToString("N");

        Assert.Equal(HttpStatusCode.NotFound, (await Api.SendAsync(Run("assistant", """{"input":"hi","session_id":"ses_gone"}""", key))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(Run("assistant", """{"input":"hi"}""", key))).StatusCode);
    }

    [Fact]
    public async Task CacheableAgent_SecondIdenticalRunIsCached_UnlessNoCache()
    {
        string body = $$"""{"input":"What is {{Random.Shared.Next(1000, 9999)}} + 1?"}""";

        JsonElement first = await JsonHttp.ReadAsync(await Api.SendAsync(Run("cached", body)));
        JsonElement second = await JsonHttp.ReadAsync(await Api.SendAsync(Run("cached", body)));
        HttpRequestMessage bypass = Run("cached", body);
        bypass.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        JsonElement third = await JsonHttp.ReadAsync(await Api.SendAsync(bypass));

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(0, second.GetProperty("usage").GetProperty("total_tokens").GetInt64());
        Assert.Equal(first.GetProperty("output").GetString(), second.GetProperty("output").GetString());
        Assert.False(third.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task CacheableAgent_StreamedTwice_SecondStreamIsCached()
    {
        string body = $$"""{"input":"What is {{Random.Shared.Next(1000, 9999)}} * 2?","stream":true}""";

        await Api.SendAsync(Run("cached", body));
        var events = ServerSentEvents.Parse(await (await Api.SendAsync(Run("cached", body))).Content.ReadAsStringAsync());

        Assert.True(events[^1].Data.GetProperty("cached").GetBoolean());
        Assert.Contains(events, e => e.Event == "text.delta");
    }

    private static HttpRequestMessage Run(string agent, string body, string? key = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/agents/{agent}/runs") { Content = JsonHttp.Body(body) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        }

        return request;
    }
}
