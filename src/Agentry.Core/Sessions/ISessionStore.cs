using Microsoft.Extensions.AI;

namespace Agentry.Core.Sessions;

/// <summary>Conversations, isolated per tenant: a session of one tenant does not exist for another.</summary>
public interface ISessionStore
{
    Task<AgentSession> CreateAsync(string tenant, string agent, CancellationToken cancellationToken);

    /// <summary>The session, or null when it does not exist for this tenant or has expired.</summary>
    Task<AgentSession?> GetAsync(string tenant, string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Appends messages if the session is still at <paramref name="expectedVersion"/>.
    /// Returns false when another writer got there first (or the session is gone), and appends nothing.
    /// </summary>
    Task<bool> AppendAsync(string tenant, string sessionId, long expectedVersion, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken);

    /// <summary>True when a session was deleted.</summary>
    Task<bool> DeleteAsync(string tenant, string sessionId, CancellationToken cancellationToken);
}
