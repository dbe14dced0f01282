namespace Agentry.Core.Agents;

/// <summary>The outcome of one run.</summary>
public sealed class AgentRunResult
{
    public required string RunId { get; init; }

    public required string Agent { get; init; }

    public string? SessionId { get; init; }

    /// <summary>The caller's tags of the run request (<c>metadata</c>), carried to the answer, the run log line and the audit event.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public required string Output { get; init; }

    public required string StopReason { get; init; }

    /// <summary>How the caller must be answered; every outcome but <see cref="RunOutcome.Completed"/> carries <see cref="Error"/>.</summary>
    public RunOutcome Outcome { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    public required IReadOnlyList<ToolCallRecord> ToolCalls { get; init; }

    public required RunUsage Usage { get; init; }

    public required decimal CostUsd { get; init; }

    public required int Iterations { get; init; }

    /// <summary>Every model answer of the run came from the response cache.</summary>
    public bool Cached { get; init; }

    /// <summary>Which path answered: <c>model</c> (the primary), <c>fallback</c> (a fallback model answered at least one call) or <c>cache</c>.</summary>
    public string ServedBy { get; init; } = "model";

    /// <summary>When the run may be retried: set with <see cref="RunOutcome.Unavailable"/> and <see cref="RunOutcome.BudgetExhausted"/>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public required RunTimings Timings { get; init; }

    /// <summary>Set when the run stopped on a failure, with a caller-safe message.</summary>
    public string? Error { get; init; }

    /// <summary>The moderation rule that blocked the run (422), if one did.</summary>
    public string? BlockedBy { get; init; }
}
