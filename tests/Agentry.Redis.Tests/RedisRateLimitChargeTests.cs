using Agentry.Core.Security;
using Agentry.Core.Stores;
using Agentry.Redis.Connection;
using Agentry.Redis.Security;
using Agentry.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Redis.Tests;

/// <summary>
/// A run's token charge costs no round trip of its own: it rides on the key's next admission, and the flusher sends
/// the charges of idle keys within its interval and on shutdown. "Another replica" is a second store on the same Redis.
/// </summary>
public sealed class RedisRateLimitChargeTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    private static readonly RateLimits Limits = new(0, 6000);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task Charge_ThenRequestOnTheSameKey_CountsBeforeThatAdmission_InItsOneRoundTrip()
    {
        using var calls = new RedisCallCounter();
        RedisGuard guard = redis.CreateGuard(_time, meters: calls);
        var store = new RedisRateLimitStore(guard);
        Assert.True((await store.AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default)).Allowed);

        await store.ConsumeTokensAsync("t1", "k1", 9000, Limits, _time.GetUtcNow(), default);
        long afterCharge = calls.Total;
        RateLimitDecision refused = await store.AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default);

        Assert.Equal(1, afterCharge);
        Assert.False(refused.Allowed);
        Assert.Equal("tpm", refused.Limit);
        Assert.Equal(30_001, refused.RetryAfter.TotalMilliseconds, 1);
        Assert.Equal(2, calls.Total);
        Assert.Equal(2, calls.Of("rate_limit_admit"));
        Assert.Equal(0, store.PendingKeys);
        // In Redis, not only in this process: another replica is refused too.
        Assert.False((await new RedisRateLimitStore(guard).AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default)).Allowed);
    }

    [Fact]
    public async Task Charges_OfSeveralRuns_AddUp_AndAKeyWithoutTokenLimitCarriesNone()
    {
        using var calls = new RedisCallCounter();
        RedisGuard guard = redis.CreateGuard(_time, meters: calls);
        var store = new RedisRateLimitStore(guard);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => store.ConsumeTokensAsync("t1", "k1", 300, Limits, _time.GetUtcNow(), default)));
        await store.ConsumeTokensAsync("t1", "k2", 9000, new RateLimits(10, 0), _time.GetUtcNow(), default);

        RateLimitDecision refused = await store.AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default);

        Assert.Equal(30_001, refused.RetryAfter.TotalMilliseconds, 1);
        Assert.Equal(0, store.PendingKeys);
        Assert.Equal(1, calls.Total);
    }

    [Fact]
    public async Task IdleKey_Charge_IsSentWithinTheFlushInterval_InOneBatch()
    {
        using var calls = new RedisCallCounter();
        var options = new RedisOptions { OperationTimeout = TimeSpan.FromSeconds(5), RateLimitChargeInterval = TimeSpan.FromMilliseconds(250) };
        RedisGuard guard = redis.CreateGuard(_time, options, calls);
        var store = new RedisRateLimitStore(guard);
        using var flusher = new RedisRateLimitChargeFlusher(store, Options.Create(options), _time, NullLogger<RedisRateLimitChargeFlusher>.Instance);
        await flusher.StartAsync(default);

        await store.ConsumeTokensAsync("t1", "k1", 9000, Limits, _time.GetUtcNow(), default);
        await store.ConsumeTokensAsync("t1", "k2", 9000, Limits, _time.GetUtcNow(), default);
        _time.Advance(TimeSpan.FromMilliseconds(249));
        int heldBeforeTheInterval = store.PendingKeys;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await EventuallyAsync(() => store.PendingKeys == 0 && calls.Of("rate_limit_charge") == 1);
        var otherReplica = new RedisRateLimitStore(guard);
        RateLimitDecision first = await otherReplica.AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default);
        RateLimitDecision second = await otherReplica.AdmitAsync("t1", "k2", Limits, _time.GetUtcNow(), default);
        await flusher.StopAsync(default);

        Assert.Equal(2, heldBeforeTheInterval);
        Assert.False(first.Allowed);
        Assert.False(second.Allowed);
        // 30 001 ms from the charge's time, 250 ms of which have passed since.
        Assert.Equal(29_751, first.RetryAfter.TotalMilliseconds, 1);
        // Ticks and the shutdown flush with nothing held cost nothing.
        Assert.Equal(1, calls.Of("rate_limit_charge"));
    }

    [Fact]
    public async Task Shutdown_SendsTheChargesStillHeld()
    {
        using var calls = new RedisCallCounter();
        var options = new RedisOptions { OperationTimeout = TimeSpan.FromSeconds(5), RateLimitChargeInterval = TimeSpan.FromMinutes(1) };
        RedisGuard guard = redis.CreateGuard(_time, options, calls);
        var store = new RedisRateLimitStore(guard);
        using var flusher = new RedisRateLimitChargeFlusher(store, Options.Create(options), _time, NullLogger<RedisRateLimitChargeFlusher>.Instance);
        await flusher.StartAsync(default);

        await store.ConsumeTokensAsync("t1", "k1", 9000, Limits, _time.GetUtcNow(), default);
        await flusher.StopAsync(default);

        Assert.Equal(0, store.PendingKeys);
        Assert.Equal(1, calls.Of("rate_limit_charge"));
        Assert.False((await new RedisRateLimitStore(guard).AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default)).Allowed);
    }

    [Fact]
    public async Task Charge_WhenRedisIsDown_IsLost_NotThrown()
    {
        await using RedisServer server = await RedisServer.StartAsync();
        var options = new RedisOptions { OperationTimeout = TimeSpan.FromMilliseconds(300), RateLimitChargeInterval = TimeSpan.FromMinutes(1) };
        using var connection = new RedisConnection(server.ConnectionString, Options.Create(options));
        using var meters = new TestMeterFactory();
        var guard = new RedisGuard(connection, Options.Create(options), new Agentry.Core.Telemetry.AgentryMetrics(meters), TimeProvider.System, NullLogger<RedisGuard>.Instance);
        var store = new RedisRateLimitStore(guard);
        using var flusher = new RedisRateLimitChargeFlusher(store, Options.Create(options), _time, NullLogger<RedisRateLimitChargeFlusher>.Instance);
        await flusher.StartAsync(default);
        await store.ConsumeTokensAsync("t1", "k1", 9000, Limits, _time.GetUtcNow(), default);
        await store.ConsumeTokensAsync("t1", "k2", 9000, Limits, _time.GetUtcNow(), default);

        server.Kill();
        Task charge = store.ConsumeTokensAsync("t1", "k2", 9000, Limits, _time.GetUtcNow(), default);
        await Assert.ThrowsAsync<StoreUnavailableException>(() => store.AdmitAsync("t1", "k1", Limits, _time.GetUtcNow(), default));
        await flusher.StopAsync(default);

        Assert.True(charge.IsCompletedSuccessfully);
        Assert.Equal(0, store.PendingKeys);
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        for (int i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(25);
        }

        Assert.True(condition(), "the flusher did not send the held charge");
    }
}
