using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Caching;

/// <summary>Answers cached in this process, bounded in bytes; for one instance only.</summary>
public sealed class InMemoryResponseCache : IResponseCache, IDisposable
{
    private readonly MemoryCache _cache;
    private readonly TimeProvider _time;

    public InMemoryResponseCache(IOptions<ResponseCacheOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = time;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.MaxInMemoryBytes });
    }

    public Task<byte[]?> GetAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        if (_cache.TryGetValue((tenant, key), out Entry? entry) && entry is not null && entry.ExpiresAt > _time.GetUtcNow())
        {
            return Task.FromResult<byte[]?>(entry.Value);
        }

        return Task.FromResult<byte[]?>(null);
    }

    public Task SetAsync(string tenant, string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);

        // Expiry is checked against TimeProvider on read; MemoryCache's own expiry only reclaims memory.
        _cache.Set((tenant, key), new Entry(value, _time.GetUtcNow() + timeToLive), new MemoryCacheEntryOptions
        {
            Size = value.Length + 64,
            AbsoluteExpirationRelativeToNow = timeToLive,
        });
        return Task.CompletedTask;
    }

    public void Dispose() => _cache.Dispose();

    private sealed record Entry(byte[] Value, DateTimeOffset ExpiresAt);
}
