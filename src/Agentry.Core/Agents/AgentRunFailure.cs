namespace Agentry.Core.Agents;

/// <summary>Why a run was refused; the API maps each to its status code.</summary>
public enum AgentRunFailure
{
    /// <summary>No such session for this tenant (404).</summary>
    SessionNotFound,

    /// <summary>The session belongs to another agent (409).</summary>
    SessionAgentMismatch,

    /// <summary>The session changed while the run was in progress; the turn was not saved (409).</summary>
    SessionConflict,
}
