using Agentry.Core.Audit;
using Agentry.Api.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agentry.Api.Security;

/// <summary>The agent scope of a key, checked the same way by every endpoint that acts for an agent: a denial is always audited.</summary>
internal static class AgentAccess
{
    /// <summary>A 403 (and an <c>access_denied</c> audit event) when the caller's key may not use <paramref name="agent"/>; otherwise null.</summary>
    public static ProblemHttpResult? Deny(HttpContext context, string agent, IAuditSink audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        if (ApiCaller.Of(context) is not { } caller || caller.Key.MayRun(agent))
        {
            return null;
        }

        audit.Record(new AuditEvent { Type = AuditEventTypes.AccessDenied, Tenant = caller.Tenant, KeyId = caller.KeyId, Agent = agent, Outcome = "denied", Detail = "agent_scope" });
        return Problems.Forbidden($"This API key may not run agent '{agent}'.");
    }
}
