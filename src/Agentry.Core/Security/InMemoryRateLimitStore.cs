using System.Collections.Concurrent;

namespace Agentry.Core.Security;

/// <summary>Rate limits in this process's memory: each replica counts alone, so use Redis with more than one.</summary>
public sealed class InMemoryRateLimitStore : IRateLimitStore
{
    private readonly ConcurrentDictionary<string, Buckets> _buckets = new(StringComparer.Ordinal);

    public Task<RateLimitDecision> AdmitAsync(string tenant, string keyId, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.None)
        {
            return Task.FromResult(RateLimitDecision.Unlimited);
        }

        Buckets buckets = _buckets.GetOrAdd(tenant + "\n" + keyId, _ => new Buckets());
        lock (buckets)
        {
            return Task.FromResult(Gcra.Admit(ref buckets.RequestTat, buckets.TokenTat, limits, now.ToUnixTimeMilliseconds()));
        }
    }

    public Task ConsumeTokensAsync(string tenant, string keyId, long tokens, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.TokensPerMinute <= 0 || tokens <= 0)
        {
            return Task.CompletedTask;
        }

        Buckets buckets = _buckets.GetOrAdd(tenant + "\n" + keyId, _ => new Buckets());
        lock (buckets)
        {
            buckets.TokenTat = Gcra.Consume(buckets.TokenTat, tokens, limits.TokensPerMinute, now.ToUnixTimeMilliseconds());
        }

        return Task.CompletedTask;
    }

    private sealed class Buckets
    {
        public double RequestTat;
        public double TokenTat;
    }
}
