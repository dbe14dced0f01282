namespace Agentry.Core.Idempotency;

/// <summary>The outcome of claiming an idempotency key.</summary>
public enum IdempotencyClaimStatus
{
    /// <summary>The caller owns the key now and must complete or release it.</summary>
    Acquired,

    /// <summary>The first request with this key is still running (409).</summary>
    InProgress,

    /// <summary>The first request finished; <see cref="IdempotencyClaim.Response"/> is its answer.</summary>
    Completed,

    /// <summary>The key was used with a different request body (422).</summary>
    FingerprintMismatch,
}
