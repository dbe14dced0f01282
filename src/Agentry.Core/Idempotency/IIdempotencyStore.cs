namespace Agentry.Core.Idempotency;

/// <summary>
/// Remembers the answer to a request sent with an <c>Idempotency-Key</c>, per tenant, so a retry gets the
/// first answer instead of running again. A key is claimed before the work starts and completed (or
/// released) after it.
/// </summary>
public interface IIdempotencyStore
{
    /// <summary>
    /// Claims <paramref name="key"/> for a request whose body hashes to <paramref name="fingerprint"/>. The claim
    /// lapses after <paramref name="claimTimeToLive"/> if the claimer dies without completing or releasing it.
    /// </summary>
    Task<IdempotencyClaim> ClaimAsync(string tenant, string key, string fingerprint, TimeSpan claimTimeToLive, CancellationToken cancellationToken);

    /// <summary>Stores the answer; retries with the same key get it until <paramref name="timeToLive"/> passes.</summary>
    Task CompleteAsync(string tenant, string key, StoredResponse response, TimeSpan timeToLive, CancellationToken cancellationToken);

    /// <summary>Forgets a claim whose request failed, so the client may retry it.</summary>
    Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken);
}
