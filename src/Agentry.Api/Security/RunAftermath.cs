using Agentry.Core.Agents;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Agentry.Core.Stores;

namespace Agentry.Api.Security;

/// <summary>
/// What follows every run, however it ended (abandoned streams included): one audit event for the run and one per
/// tool call, and the run's tokens charged to the key's tokens-per-minute limit.
/// </summary>
internal sealed class RunAftermath(IAuditSink audit, IRateLimitStore limits, TimeProvider time)
{
    public void Record(HttpContext context, AgentRunResult result)
    {
        ApiCaller? caller = ApiCaller.Of(context);
        string tenant = caller?.Tenant ?? Tenancy.Default;
        audit.Record(new AuditEvent
        {
            Type = AuditEventTypes.Run,
            Tenant = tenant,
            KeyId = caller?.KeyId,
            Agent = result.Agent,
            RunId = result.RunId,
            Outcome = result.StopReason,
            Tokens = result.Usage.TotalTokens,
            CostUsd = result.CostUsd,
            DurationMs = result.Timings.TotalMs,
            Detail = result.Cached ? "cached" : result.ServedBy,
            Metadata = result.Metadata,
        });
        foreach (ToolCallRecord call in result.ToolCalls)
        {
            audit.Record(new AuditEvent
            {
                Type = AuditEventTypes.ToolCall,
                Tenant = tenant,
                KeyId = caller?.KeyId,
                Agent = result.Agent,
                RunId = result.RunId,
                Tool = call.Name,
                Outcome = call.IsError ? "error" : "ok",
                DurationMs = call.DurationMs,
            });
        }

        if (caller is { IsAnonymous: false } && caller.Limits.TokensPerMinute > 0 && result.Usage.TotalTokens > 0)
        {
            // Charged off the answer's path: the caller never waits for it (and the Redis store sends it with the key's
            // next admission, or within its flush interval, instead of making a round trip of its own).
            _ = ChargeTokensAsync(tenant, caller, result.Usage.TotalTokens);
        }
    }

    private async Task ChargeTokensAsync(string tenant, ApiCaller caller, long tokens)
    {
        try
        {
            await limits.ConsumeTokensAsync(tenant, caller.KeyId, tokens, caller.Limits, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // Limits fail open: the run is done and answered; only this charge is lost.
        }
    }
}
