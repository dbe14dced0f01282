namespace Agentry.Core.Security;

/// <summary>A key's limits per minute; 0 means none.</summary>
public readonly record struct RateLimits(int RequestsPerMinute, int TokensPerMinute)
{
    public bool None => RequestsPerMinute <= 0 && TokensPerMinute <= 0;
}

/// <summary>
/// The answer to "may this request start": when refused, which limit (<c>rpm</c> or <c>tpm</c>) and how long to
/// wait. Remaining and reset describe the request-per-minute window for the <c>RateLimit-*</c> headers.
/// </summary>
public readonly record struct RateLimitDecision(bool Allowed, string? Limit, long Remaining, TimeSpan Reset, TimeSpan RetryAfter)
{
    public static RateLimitDecision Unlimited { get; } = new(true, null, -1, TimeSpan.Zero, TimeSpan.Zero);
}
