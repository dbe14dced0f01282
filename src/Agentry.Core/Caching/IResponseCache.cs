namespace Agentry.Core.Caching;

/// <summary>
/// Stored model answers by request hash, per tenant. Implementations may throw when their backing store is
/// down; the caching client treats any failure as a miss (the cache fails open).
/// </summary>
public interface IResponseCache
{
    Task<byte[]?> GetAsync(string tenant, string key, CancellationToken cancellationToken);

    Task SetAsync(string tenant, string key, byte[] value, TimeSpan timeToLive, CancellationToken cancellationToken);
}
