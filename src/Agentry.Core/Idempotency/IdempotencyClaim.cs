namespace Agentry.Core.Idempotency;

/// <summary>What claiming an idempotency key found.</summary>
public sealed record IdempotencyClaim(IdempotencyClaimStatus Status, StoredResponse? Response = null)
{
    public static readonly IdempotencyClaim Acquired = new(IdempotencyClaimStatus.Acquired);
    public static readonly IdempotencyClaim InProgress = new(IdempotencyClaimStatus.InProgress);
    public static readonly IdempotencyClaim Mismatch = new(IdempotencyClaimStatus.FingerprintMismatch);
}
