using System.Collections.Concurrent;
using System.Globalization;
using Agentry.Api.Http;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Agentry.Core.Stores;
using Agentry.Core.Telemetry;

namespace Agentry.Api.Security;

/// <summary>
/// Middleware (after authorization) that applies the caller's requests-per-minute and tokens-per-minute limits to every <c>/v1</c> request and writes the
/// <c>RateLimit-*</c> headers. A refusal is a 429 with Retry-After. If the limit store is unavailable the request
/// goes through (the limits fail open; budgets, which guard money, fail closed). The first refusal of a key for each
/// limit in each minute is an audit event (<see cref="AuditEventTypes.RateLimited"/>), so the key that hits its
/// limit can be named without one event per refused request.
/// </summary>
internal sealed partial class RateLimitMiddleware(IRateLimitStore store, AgentryMetrics metrics, IAuditSink audit, TimeProvider time, ILogger<RateLimitMiddleware> logger)
{
    /// <summary>The minute of the last audited refusal, by tenant, key and limit (keys are configured, so this stays small).</summary>
    private readonly ConcurrentDictionary<(string Tenant, string KeyId, string Limit), long> _auditedMinute = new();

    /// <summary>Runs after authorization, before the endpoint: a refused request never reaches argument binding.</summary>
    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        // Only the API counts: a key sent to /openapi or the health endpoints uses none of its allowance.
        if (!http.Request.Path.StartsWithSegments("/v1") || ApiCaller.Of(http) is not { IsAnonymous: false } caller || caller.Limits.None)
        {
            return next(http);
        }

        return LimitAsync(http, caller, next);
    }

    private async Task LimitAsync(HttpContext http, ApiCaller caller, RequestDelegate next)
    {
        RateLimitDecision decision;
        try
        {
            decision = await store.AdmitAsync(caller.Tenant, caller.KeyId, caller.Limits, time.GetUtcNow(), http.RequestAborted).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            LogLimitsUnavailable(logger);
            await next(http).ConfigureAwait(false);
            return;
        }

        IHeaderDictionary headers = http.Response.Headers;
        if (caller.Limits.RequestsPerMinute > 0)
        {
            headers["RateLimit-Limit"] = caller.Limits.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Remaining"] = Math.Max(0, decision.Remaining).ToString(CultureInfo.InvariantCulture);
            headers["RateLimit-Reset"] = Seconds(decision.Reset);
            headers["RateLimit-Policy"] = $"{caller.Limits.RequestsPerMinute};w=60";
        }

        if (decision.Allowed)
        {
            await next(http).ConfigureAwait(false);
            return;
        }

        string limit = decision.Limit ?? "rpm";
        metrics.RateLimitRejected(limit);
        AuditFirstRefusalOfTheMinute(caller, limit);
        headers.RetryAfter = Seconds(decision.RetryAfter);
        string what = decision.Limit == "tpm"
            ? $"This API key used its {caller.Limits.TokensPerMinute} tokens per minute."
            : $"This API key made its {caller.Limits.RequestsPerMinute} requests per minute.";
        await Problems.TooManyRequests($"{what} Retry after {headers.RetryAfter} s.", decision.Limit ?? "rpm").ExecuteAsync(http).ConfigureAwait(false);
    }

    private void AuditFirstRefusalOfTheMinute(ApiCaller caller, string limit)
    {
        long minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        (string, string, string) key = (caller.Tenant, caller.KeyId, limit);
        if (_auditedMinute.TryGetValue(key, out long last) && last >= minute)
        {
            return;
        }

        // Two refusals racing here may both be audited; that is one extra event, not a lost one.
        _auditedMinute[key] = minute;
        audit.Record(new AuditEvent { Type = AuditEventTypes.RateLimited, Tenant = caller.Tenant, KeyId = caller.KeyId, Outcome = "refused", Detail = limit });
    }

    private static string Seconds(TimeSpan span) => Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    [LoggerMessage(EventId = 1500, Level = LogLevel.Warning, Message = "Rate limits cannot be checked (store unavailable); the request goes through")]
    private static partial void LogLimitsUnavailable(ILogger logger);
}
