namespace Agentry.Api.Contracts;

/// <summary>Body of <c>POST /v1/agents/{agent}/runs</c>.</summary>
public sealed class RunRequestBody
{
    /// <summary>The user's message.</summary>
    public string? Input { get; set; }

    /// <summary>Conversation to continue; omit for a stateless run.</summary>
    public string? SessionId { get; set; }

    /// <summary>Answer as Server-Sent Events (also chosen by <c>Accept: text/event-stream</c>).</summary>
    public bool? Stream { get; set; }

    /// <summary>Lowers the agent's per-call output token limit for this run.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>Lowers the agent's per-run cost limit (USD) for this run.</summary>
    public decimal? MaxCostUsd { get; set; }

    /// <summary>Caller's labels, echoed in logs; at most 16 entries.</summary>
    public Dictionary<string, string>? Metadata { get; set; }
}
