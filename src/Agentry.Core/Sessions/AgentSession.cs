using Microsoft.Extensions.AI;

namespace Agentry.Core.Sessions;

/// <summary>A stored conversation: its owner, its agent and its history, versioned for optimistic concurrency.</summary>
public sealed class AgentSession
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    public required string Agent { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Incremented by every append; an append names the version it read.</summary>
    public required long Version { get; init; }

    public required IReadOnlyList<ChatMessage> Messages { get; init; }
}
