namespace Agentry.Core.Security;

/// <summary>
/// The arithmetic of the rate limits, in milliseconds, shared by the in-memory store and mirrored by
/// <c>rate_limit_admit.lua</c>. A bucket is its theoretical arrival time (TAT): each request or token pushes it
/// forward by 60 000 / limit ms, and the bucket is full when TAT is a whole minute ahead of now.
/// </summary>
public static class Gcra
{
    public const double WindowMs = 60_000;

    public static RateLimitDecision Admit(ref double requestTat, double tokenTat, RateLimits limits, double nowMs)
    {
        double interval = limits.RequestsPerMinute > 0 ? WindowMs / limits.RequestsPerMinute : 0;
        double newTat = Math.Max(requestTat, nowMs) + interval;
        if (limits.RequestsPerMinute > 0 && newTat - nowMs > WindowMs)
        {
            double retry = newTat - WindowMs - nowMs;
            return new RateLimitDecision(false, "rpm", 0, TimeSpan.FromMilliseconds(Math.Max(requestTat, nowMs) - nowMs), TimeSpan.FromMilliseconds(retry));
        }

        if (limits.TokensPerMinute > 0 && tokenTat - nowMs >= WindowMs)
        {
            double retry = tokenTat - WindowMs - nowMs + 1;
            long left = limits.RequestsPerMinute > 0 ? (long)Math.Floor((WindowMs - (Math.Max(requestTat, nowMs) - nowMs)) / interval) : -1;
            return new RateLimitDecision(false, "tpm", left, TimeSpan.FromMilliseconds(Math.Max(0, Math.Max(requestTat, nowMs) - nowMs)), TimeSpan.FromMilliseconds(retry));
        }

        if (limits.RequestsPerMinute <= 0)
        {
            return RateLimitDecision.Unlimited;
        }

        requestTat = newTat;
        long remaining = (long)Math.Floor((WindowMs - (newTat - nowMs)) / interval);
        return new RateLimitDecision(true, null, remaining, TimeSpan.FromMilliseconds(newTat - nowMs), TimeSpan.Zero);
    }

    public static double Consume(double tokenTat, long tokens, int tokensPerMinute, double nowMs) =>
        Math.Max(tokenTat, nowMs) + DebtMs(tokens, tokensPerMinute);

    /// <summary>How far <paramref name="tokens"/> push a token bucket forward.</summary>
    public static double DebtMs(long tokens, int tokensPerMinute) => tokens * WindowMs / tokensPerMinute;
}
