using Agentry.Core.Security;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IRateLimitStore"/> must have.</summary>
public abstract class RateLimitStoreConformanceTests
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected abstract IRateLimitStore CreateStore();

    private static string Key() => Guid.NewGuid().ToString("N")[..12];

    [Fact]
    public async Task Requests_UpToTheLimit_AreAdmitted_ThenRefusedWithRetryAfter()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(6, 0);
        var decisions = new List<RateLimitDecision>();
        for (int i = 0; i < 7; i++)
        {
            decisions.Add(await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default));
        }

        Assert.All(decisions.Take(6), d => Assert.True(d.Allowed));
        Assert.Equal([5L, 4, 3, 2, 1, 0], decisions.Take(6).Select(d => d.Remaining));
        Assert.False(decisions[6].Allowed);
        Assert.Equal("rpm", decisions[6].Limit);
        Assert.Equal(10_000, decisions[6].RetryAfter.TotalMilliseconds, 1);
    }

    [Fact]
    public async Task Requests_RefillAtTheRate()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(6, 0);
        for (int i = 0; i < 6; i++)
        {
            await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default);
        }

        Time.Advance(TimeSpan.FromSeconds(9));
        Assert.False((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        Time.Advance(TimeSpan.FromSeconds(1));
        Assert.True((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        Assert.False((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
    }

    [Fact]
    public async Task Tokens_UsedBeyondTheLimit_RefuseUntilPaidBack()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(0, 6000);
        Assert.True((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        await store.ConsumeTokensAsync("t1", key, 9000, limits, Time.GetUtcNow(), default);

        RateLimitDecision refused = await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default);
        Time.Advance(TimeSpan.FromSeconds(30));
        RateLimitDecision stillRefused = await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default);
        Time.Advance(TimeSpan.FromMilliseconds(10));
        RateLimitDecision admitted = await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default);

        Assert.False(refused.Allowed);
        Assert.Equal("tpm", refused.Limit);
        Assert.Equal(30_001, refused.RetryAfter.TotalMilliseconds, 1);
        Assert.False(stillRefused.Allowed);
        Assert.True(admitted.Allowed);
    }

    [Fact]
    public async Task Tokens_OfRunsEndingTogether_AddUp_BeforeTheNextRequest()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(10, 6000);
        Assert.True((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => store.ConsumeTokensAsync("t1", key, 300, limits, Time.GetUtcNow(), default)));

        RateLimitDecision refused = await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default);

        Assert.False(refused.Allowed);
        Assert.Equal("tpm", refused.Limit);
        Assert.Equal(30_001, refused.RetryAfter.TotalMilliseconds, 1);
        Assert.Equal(9, refused.Remaining);
    }

    [Fact]
    public async Task Keys_AndTenants_AreCountedApart()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(1, 0);
        Assert.True((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        Assert.False((await store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)).Allowed);
        Assert.True((await store.AdmitAsync("t2", key, limits, Time.GetUtcNow(), default)).Allowed);
        Assert.True((await store.AdmitAsync("t1", Key(), limits, Time.GetUtcNow(), default)).Allowed);
    }

    [Fact]
    public async Task NoLimits_AdmitEverything()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        for (int i = 0; i < 100; i++)
        {
            Assert.True((await store.AdmitAsync("t1", key, new RateLimits(0, 0), Time.GetUtcNow(), default)).Allowed);
        }
    }

    [Fact]
    public async Task ConcurrentRequests_AdmitExactlyTheLimit()
    {
        IRateLimitStore store = CreateStore();
        string key = Key();
        var limits = new RateLimits(50, 0);
        RateLimitDecision[] decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => store.AdmitAsync("t1", key, limits, Time.GetUtcNow(), default)));

        Assert.Equal(50, decisions.Count(d => d.Allowed));
    }
}
