namespace Agentry.Core.Security;

/// <summary>
/// Per-key rate limits as GCRA (generic cell rate algorithm) over a one-minute window. Requests are counted when
/// they start; tokens are counted when a run ends, since only then are they known, so a key that used its
/// tokens-per-minute is refused until enough time has paid the debt back. A store may hold a charge back briefly
/// and send it with the key's next admission (the Redis store does, to save a round trip), but the charge always
/// counts before that next admission is decided.
/// </summary>
public interface IRateLimitStore
{
    Task<RateLimitDecision> AdmitAsync(string tenant, string keyId, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken);

    Task ConsumeTokensAsync(string tenant, string keyId, long tokens, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken);
}
