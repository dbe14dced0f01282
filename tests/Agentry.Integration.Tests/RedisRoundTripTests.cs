using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Agentry.Testing;
using Xunit.Abstractions;

namespace Agentry.Integration.Tests;

/// <summary>
/// How many Redis round trips one run costs, counted by the service's own <c>agent_redis_calls_total</c>
/// (one increment per command, script or batch sent). Targets: at most 3 on a cached run, at most 6 on an
/// uncached single-turn run; a run with an API key adds one (<c>rate_limit_admit</c>, which also carries the
/// previous run's token charge).
/// </summary>
public sealed partial class RedisRoundTripTests(ITestOutputHelper output) : IAsyncLifetime
{
    private RedisServer? _redis;
    private AgentryProcess? _agentry;

    private AgentryProcess Agentry => _agentry!;

    public async Task InitializeAsync() => _redis = await RedisServer.StartAsync();

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
        _agentry = await AgentryProcess.StartAsync(ReplicaSettings.For(_redis!.ConnectionString));
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

    [Fact]
    public async Task RoundTrips_PerRunWithAKey_AddOnlyTheAdmission_WhichCarriesTheLastRunsTokens()
    {
        TestApiKey roomy = TestApiKey.Create("acme");
        TestApiKey thrifty = TestApiKey.Create("acme");
        // The flush interval is long here so that only an admission can have carried a charge.
        Dictionary<string, string> settings = ReplicaSettings.For(_redis!.ConnectionString, ("Redis__RateLimitChargeInterval", "00:01:00"));
        foreach ((string name, string value) in roomy.Settings(requestsPerMinute: 600, tokensPerMinute: 10_000_000).Concat(thrifty.Settings(requestsPerMinute: 600, tokensPerMinute: 1)))
        {
            settings[name] = value;
        }

        _agentry = await AgentryProcess.StartAsync(settings);
        const string Body = """{"input":"What is 3 * 3?"}""";
        await SendAsync(roomy, Body, HttpStatusCode.OK);

        const int Runs = 5;
        Dictionary<string, long> before = await RedisCallsByOperationAsync();
        for (int i = 0; i < Runs; i++)
        {
            await SendAsync(roomy, Body, HttpStatusCode.OK);
        }

        Dictionary<string, long> after = await RedisCallsByOperationAsync();
        long Delta(string operation) => after.GetValueOrDefault(operation) - before.GetValueOrDefault(operation);
        long total = RunCost(after) - RunCost(before);

        await SendAsync(thrifty, Body, HttpStatusCode.OK);
        long beforeRefusal = await RedisCallsAsync();
        await SendAsync(thrifty, Body, HttpStatusCode.TooManyRequests);
        long refusal = await RedisCallsAsync() - beforeRefusal;

        output.WriteLine($"redis round trips per stateless run with a key: {(double)total / Runs} (rate_limit_admit {Delta("rate_limit_admit")}, rate_limit_charge {Delta("rate_limit_charge")} over {Runs} runs); a refusal by tokens per minute: {refusal}");
        // The anonymous stateless run's two (one usage record per model call) and one admission; no charge of its own.
        Assert.Equal(Runs * 3, total);
        Assert.Equal(Runs, Delta("rate_limit_admit"));
        Assert.Equal(0, Delta("rate_limit_charge"));
        // The thrifty key's first run used more than its one token a minute; the next admission, carrying that
        // charge, refuses, in its one round trip.
        Assert.Equal(1, refusal);
    }

    private async Task SendAsync(TestApiKey key, string body, HttpStatusCode expected)
    {
        using HttpRequestMessage request = key.Request(HttpMethod.Post, "/v1/agents/assistant/runs", body);
        using HttpResponseMessage response = await Agentry.Api.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
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

    private async Task<long> RedisCallsAsync() => RunCost(await RedisCallsByOperationAsync());

    // Health pings and the audit stream's batched appends happen off the request path, and a tenant's budget override
    // is looked up once per 5 s per replica: none of them is a run's cost. The token charges of idle keys
    // (rate_limit_charge, batched every 250 ms) are, and count.
    private static long RunCost(Dictionary<string, long> calls) =>
        calls.Where(c => c.Key is not ("ping" or "audit_append" or "budget_limits_get")).Sum(c => c.Value);

    private async Task<Dictionary<string, long>> RedisCallsByOperationAsync()
    {
        string metrics = await Agentry.Management.GetStringAsync("/metrics");
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (Match match in RedisCalls().Matches(metrics))
        {
            string operation = match.Groups["operation"].Value;
            calls[operation] = calls.GetValueOrDefault(operation) + long.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        }

        return calls;
    }

    [GeneratedRegex(@"^agent_redis_calls_total\{(?=[^}]*operation=""(?<operation>[^""]*)"")[^}]*\} (?<value>\d+)", RegexOptions.Multiline)]
    private static partial Regex RedisCalls();
}
