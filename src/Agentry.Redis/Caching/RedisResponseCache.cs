using Agentry.Core.Caching;
using Agentry.Redis.Connection;
using StackExchange.Redis;

namespace Agentry.Redis.Caching;

/// <summary>Cached answers as plain Redis strings with an expiry; one round trip per lookup or store.</summary>
public sealed class RedisResponseCache(RedisGuard redis) : IResponseCache
{
    public async Task<byte[]?> GetAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        RedisValue value = await redis.ExecuteAsync("cache_get", db => db.StringGetAsync(redis.Keys.ResponseCache(tenant, key)), cancellationToken).ConfigureAwait(false);
        return value.IsNull ? null : (byte[]?)value;
    }

    public Task SetAsync(string tenant, string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken) =>
        redis.ExecuteAsync("cache_set", db => db.StringSetAsync(redis.Keys.ResponseCache(tenant, key), value, timeToLive), cancellationToken);
}
