using Agentry.Core.Caching;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IResponseCache"/> must have.</summary>
public abstract class ResponseCacheConformanceTests
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected abstract IResponseCache CreateCache();

    protected abstract Task LetTimePassAsync(TimeSpan elapsed);

    [Fact]
    public async Task Get_Unknown_IsMiss()
    {
        Assert.Null(await CreateCache().GetAsync("t1", "nothing", default));
    }

    [Fact]
    public async Task Set_ThenGet_ReturnsSameBytes_ForSameTenantOnly()
    {
        IResponseCache cache = CreateCache();
        byte[] value = [1, 2, 3, 0, 255];

        await cache.SetAsync("t1", "k", value, TimeSpan.FromMinutes(5), default);

        Assert.Equal(value, await cache.GetAsync("t1", "k", default));
        Assert.Null(await cache.GetAsync("t2", "k", default));
    }

    [Fact]
    public async Task Get_AfterTimeToLive_IsMiss()
    {
        IResponseCache cache = CreateCache();
        await cache.SetAsync("t1", "k", [1], TimeSpan.FromMinutes(5), default);

        await LetTimePassAsync(TimeSpan.FromMinutes(4));
        Assert.NotNull(await cache.GetAsync("t1", "k", default));
        await LetTimePassAsync(TimeSpan.FromMinutes(2));

        Assert.Null(await cache.GetAsync("t1", "k", default));
    }
}
