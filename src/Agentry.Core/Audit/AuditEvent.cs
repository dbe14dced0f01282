namespace Agentry.Core.Audit;

/// <summary>
/// One audit event: who did what, with what outcome. Never a prompt, an answer or a secret: a key appears by its
/// public id only. <see cref="Instance"/>, <see cref="Seq"/>, <see cref="Prev"/> and <see cref="Hash"/> chain the
/// events of one service instance, so a deleted or altered event breaks the chain.
/// </summary>
public sealed record AuditEvent
{
    public required string Type { get; init; }

    public DateTimeOffset Time { get; init; }

    public string? Tenant { get; init; }

    public string? KeyId { get; init; }

    public string? Agent { get; init; }

    public string? Outcome { get; init; }

    public string? Tool { get; init; }

    public string? RunId { get; init; }

    public long? Tokens { get; init; }

    public decimal? CostUsd { get; init; }

    public double? DurationMs { get; init; }

    /// <summary>A short, fixed explanation (a rule name, a reason code); never user content.</summary>
    public string? Detail { get; init; }

    /// <summary>
    /// The caller's own tags of a run (the request's <c>metadata</c>, bounded by <c>Api:Limits</c>), so audit records can
    /// be joined to the caller's records; never a prompt or an answer.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public string? Instance { get; init; }

    public long Seq { get; init; }

    public string? Prev { get; init; }

    public string? Hash { get; init; }
}

/// <summary>The audit event types.</summary>
public static class AuditEventTypes
{
    public const string AuthFailure = "auth_failure";
    public const string AccessDenied = "access_denied";
    public const string RateLimited = "rate_limited";
    public const string KeyCreated = "key_created";
    public const string KeyRevoked = "key_revoked";
    public const string BudgetChanged = "budget_changed";
    public const string BudgetThreshold = "budget_threshold";
    public const string Run = "run";
    public const string ToolCall = "tool_call";
    public const string Moderation = "moderation";
}
