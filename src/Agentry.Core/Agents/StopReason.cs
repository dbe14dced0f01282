namespace Agentry.Core.Agents;

/// <summary>Why a run ended; the wire values are the constants' text.</summary>
public static class StopReason
{
    /// <summary>The model gave its final answer.</summary>
    public const string EndTurn = "end_turn";

    /// <summary>The model's last answer was cut at the per-call output token limit.</summary>
    public const string MaxTokens = "max_tokens";

    /// <summary>The run made as many model calls as the agent allows.</summary>
    public const string MaxIterations = "max_iterations";

    /// <summary>The run used as many tokens as the agent allows across its calls.</summary>
    public const string MaxTotalTokens = "max_total_tokens";

    /// <summary>The run cost as much as the agent or the request allows.</summary>
    public const string MaxCost = "max_cost";

    /// <summary>The tenant's budget could not cover the next model call (402).</summary>
    public const string BudgetExhausted = "budget_exhausted";

    /// <summary>The run's wall-clock deadline passed.</summary>
    public const string Deadline = "deadline";

    /// <summary>The caller went away or the host is stopping.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>The provider refused to produce the content.</summary>
    public const string ContentFilter = "content_filter";

    /// <summary>The model call failed and nothing could answer instead, or storage the run needs is unavailable.</summary>
    public const string Error = "error";

    /// <summary>The run finished, but its session changed while it ran, so its turn was not saved (409).</summary>
    public const string SessionConflict = "session_conflict";

    /// <summary>The request named a session that does not exist; the run did not start (404).</summary>
    public const string SessionNotFound = "session_not_found";

    /// <summary>The request named a session of another agent; the run did not start (409).</summary>
    public const string SessionAgentMismatch = "session_agent_mismatch";
}
