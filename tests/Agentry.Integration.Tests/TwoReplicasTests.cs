using System.Net;
using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Integration.Tests;

/// <summary>Two Agentry processes on one real Redis behave as one service.</summary>
public sealed class TwoReplicasTests : IAsyncLifetime
{
    private RedisServer? _redis;
    private AgentryProcess? _a;
    private AgentryProcess? _b;

    private AgentryProcess A => _a!;

    private AgentryProcess B => _b!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        Task<AgentryProcess> a = AgentryProcess.StartAsync(ReplicaSettings.For(_redis.ConnectionString));
        Task<AgentryProcess> b = AgentryProcess.StartAsync(ReplicaSettings.For(_redis.ConnectionString));
        _a = await a;
        _b = await b;
    }

    public async Task DisposeAsync()
    {
        foreach (AgentryProcess? process in new[] { _a, _b })
        {
            if (process is not null)
            {
                await process.DisposeAsync();
            }
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task Session_StartedOnOneReplica_ContinuesOnTheOther()
    {
        string id = (await JsonHttp.ReadAsync(await A.Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"assistant"}""")))).GetProperty("session_id").GetString()!;

        using HttpResponseMessage first = await A.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"Hello, my name is Grace.","session_id":"{{id}}"}"""));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        JsonElement second = await JsonHttp.ReadAsync(await B.Api.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body($$"""{"input":"What is my name?","session_id":"{{id}}"}""")));

        Assert.Equal("Your name is Grace.", second.GetProperty("output").GetString());
        JsonElement stored = await JsonHttp.ReadAsync(await A.Api.GetAsync($"/v1/sessions/{id}"));
        Assert.Equal(4, stored.GetProperty("messages").GetArrayLength());
    }

    [Fact]
    public async Task CachedAnswer_MadeByOneReplica_IsServedByTheOther()
    {
        const string body = """{"input":"What is 12 * 12?"}""";

        JsonElement first = await JsonHttp.ReadAsync(await A.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body(body)));
        JsonElement second = await JsonHttp.ReadAsync(await B.Api.PostAsync("/v1/agents/cached/runs", JsonHttp.Body(body)));

        Assert.False(first.GetProperty("cached").GetBoolean());
        Assert.True(second.GetProperty("cached").GetBoolean());
        Assert.Equal(first.GetProperty("output").GetString(), second.GetProperty("output").GetString());
        Assert.Contains("144", second.GetProperty("output").GetString(), StringComparison.Ordinal);
        Assert.Equal(0m, second.GetProperty("cost_usd").GetDecimal());

        using var bypass = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/cached/runs") { Content = JsonHttp.Body(body) };
        bypass.Headers.CacheControl = new System.Net.Http.Headers.CacheControlHeaderValue { NoCache = true };
        JsonElement third = await JsonHttp.ReadAsync(await B.Api.SendAsync(bypass));
        Assert.False(third.GetProperty("cached").GetBoolean());
    }

    [Fact]
    public async Task IdempotencyKey_UsedOnOneReplica_IsHonouredByTheOther()
    {
        string key = "order-" + Guid.NewGuid().ToString("N");
        const string body = """{"input":"What is 7 * 6?"}""";

        using HttpResponseMessage first = await A.Api.SendAsync(WithKey(key, body));
        using HttpResponseMessage retry = await B.Api.SendAsync(WithKey(key, body));
        using HttpResponseMessage misuse = await B.Api.SendAsync(WithKey(key, """{"input":"Something else"}"""));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Equal((await JsonHttp.ReadAsync(first)).GetProperty("run_id").GetString(), (await JsonHttp.ReadAsync(retry)).GetProperty("run_id").GetString());
        Assert.Equal(HttpStatusCode.UnprocessableEntity, misuse.StatusCode);
    }

    [Fact]
    public async Task Replica_WithRedis_SaysSoAtStartUp()
    {
        Assert.Contains(A.Output, line => line.Contains("shared through Redis", StringComparison.Ordinal));
        Assert.DoesNotContain(A.Output, line => line.Contains("Single instance only", StringComparison.Ordinal));
        JsonElement health = await JsonHttp.ReadAsync(await A.Management.GetAsync("/health"));
        Assert.Equal("Healthy", health.GetProperty("checks").GetProperty("redis").GetProperty("status").GetString());
    }

    private static HttpRequestMessage WithKey(string key, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/agents/assistant/runs") { Content = JsonHttp.Body(body) };
        request.Headers.Add("Idempotency-Key", key);
        return request;
    }
}
