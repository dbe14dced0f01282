namespace Agentry.Core.Agents;

/// <summary>What a caller asks of one run.</summary>
public sealed class AgentRunRequest
{
    public required string Tenant { get; init; }

    public required string Input { get; init; }

    /// <summary>Conversation to continue; null for a stateless run.</summary>
    public string? SessionId { get; init; }

    /// <summary>Overrides the agent's per-call output limit downwards.</summary>
    public int? MaxTokens { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Lowers the agent's per-run cost limit for this run.</summary>
    public decimal? MaxCostUsd { get; init; }

    /// <summary>Skip the response cache for this run (<c>Cache-Control: no-cache</c>).</summary>
    public bool BypassCache { get; init; }
}
