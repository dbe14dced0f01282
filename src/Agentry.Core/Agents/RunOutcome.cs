namespace Agentry.Core.Agents;

/// <summary>
/// How a run ended, as its caller must be answered: the one value the API maps to a status and Problem Details,
/// the same way for a JSON answer and for a stream's <c>error</c> event.
/// </summary>
public enum RunOutcome
{
    /// <summary>The run has an answer: the model's final one, or what it had when a limit stopped it (200).</summary>
    Completed,

    /// <summary>The caller went away or the host is stopping: there is no one to answer.</summary>
    Cancelled,

    /// <summary>The session named by the request does not exist for this tenant; nothing ran (404).</summary>
    SessionNotFound,

    /// <summary>The session belongs to another agent; nothing ran (409).</summary>
    SessionAgentMismatch,

    /// <summary>The run finished and was paid for, but its session changed meanwhile, so its turn was not saved (409).</summary>
    SessionConflict,

    /// <summary>The tenant's budget cannot cover the next model call (402, with Retry-After).</summary>
    BudgetExhausted,

    /// <summary>A moderation rule blocked the input or the output (422, naming the rule).</summary>
    ContentBlocked,

    /// <summary>No model, or storage the run needs, can serve it now (503, with Retry-After).</summary>
    Unavailable,

    /// <summary>The model call failed and nothing answered instead (502).</summary>
    ModelFailed,
}
