using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>
/// How many Redis round trips one run costs, counted by the service's own <c>agent_redis_calls_total</c>
/// (one increment per command, script or batch sent). Targets: at most 3 on a cached run, at most 6 on an
/// uncached single-turn run.
/// </summary>
public sealed partial class RedisRoundTripTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer? _redis;
    private AgentryProcess? _agentry;

    private AgentryProcess Agentry => _agentry!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _agentry = await AgentryProcess.StartAsync(ReplicaSettings.For(_redis.ConnectionString));
    }

    public async Task DisposeAsync()
    {
        if (_agentry is not null)
        {
            await _agentry.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [Fact]
    public async Task RoundTrips_PerRun_StayWithinTargets()
    {
        string session = (await JsonHttp.ReadAsync(await Agentry.Api.PostAsync("/v1/sessions", JsonHttp.Body("""{"agent":"cached"}""")))).GetProperty("session_id").GetString()!;
        string body = $$"""{"input":"Hello there","session_id":"{{session}}"}""";

        long uncached = await CountAsync(() => PostAsync("/v1/agents/cached/runs", body));
        long withKey = await CountAsync(() => PostAsync("/v1/agents/cached/runs", $$"""{"input":"Hello again","session_id":"{{session}}"}""", idempotencyKey: Guid.NewGuid().ToString("N")));
        long cachedStateless = await CountAsync(async () =>
        {
            await PostAsync("/v1/agents/cached/runs", """{"input":"Good morning"}""");
        }, warmUp: () => PostAsync("/v1/agents/cached/runs", """{"input":"Good morning"}"""));
        long stateless = await CountAsync(() => PostAsync("/v1/agents/assistant/runs", """{"input":"What is 3 * 3?"}"""));

        output.WriteLine($"redis round trips per run: uncached single-turn with session = {uncached}, the same with an idempotency key = {withKey}, cached stateless = {cachedStateless}, stateless without cache = {stateless}");
        Assert.InRange(uncached, 1, 6);
        Assert.Equal(uncached + 2, withKey);
        Assert.InRange(cachedStateless, 1, 3);
        // A stateless run of an agent without cache touches Redis only to record usage: one round trip per
        // model call, and this one makes two (the calculator, then the answer).
        Assert.Equal(2, stateless);
    }

    private async Task PostAsync(string path, string body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonHttp.Body(body) };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using HttpResponseMessage response = await Agentry.Api.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<long> CountAsync(Func<Task> run, Func<Task>? warmUp = null)
    {
        if (warmUp is not null)
        {
            await warmUp();
        }

        long before = await RedisCallsAsync();
        await run();
        return await RedisCallsAsync() - before;
    }

    private async Task<long> RedisCallsAsync()
    {
        string metrics = await Agentry.Management.GetStringAsync("/metrics");
        long total = 0;
        foreach (Match match in RedisCalls().Matches(metrics))
        {
            // Health pings and the audit stream's batched appends happen off the request path, and a tenant's budget
            // override is looked up once per 5 s per replica: none of them is a run's cost.
            string labels = match.Groups["labels"].Value;
            if (!labels.Contains("operation=\"ping\"", StringComparison.Ordinal) && !labels.Contains("operation=\"audit_append\"", StringComparison.Ordinal)
                && !labels.Contains("operation=\"budget_limits_get\"", StringComparison.Ordinal))
            {
                total += long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
            }
        }

        return total;
    }

    [GeneratedRegex(@"^agent_redis_calls_total\{(?<labels>[^}]*)\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex RedisCalls();
}
