using Agentry.Core.Stores;
using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Sessions;

/// <summary>Sessions in this process's memory: for one instance only, lost on restart.</summary>
public sealed class InMemorySessionStore : ISessionStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Id), AgentSession> _sessions = new();
    private readonly TimeProvider _time;
    private readonly SessionStoreOptions _options;

    public InMemorySessionStore(IOptions<SessionStoreOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    public Task<AgentSession> CreateAsync(string tenant, string agent, CancellationToken cancellationToken)
    {
        if (_sessions.Count >= _options.MaxInMemorySessions)
        {
            SweepExpired();
            if (_sessions.Count >= _options.MaxInMemorySessions)
            {
                throw new StoreUnavailableException("The in-memory session store is full.");
            }
        }

        DateTimeOffset now = _time.GetUtcNow();
        var session = new AgentSession
        {
            Id = SessionIds.New(),
            Tenant = tenant,
            Agent = agent,
            CreatedAt = now,
            UpdatedAt = now,
            Version = 0,
            Messages = [],
        };
        _sessions[(tenant, session.Id)] = session;
        return Task.FromResult(session);
    }

    public Task<AgentSession?> GetAsync(string tenant, string sessionId, CancellationToken cancellationToken)
    {
        if (!_sessions.TryGetValue((tenant, sessionId), out AgentSession? session))
        {
            return Task.FromResult<AgentSession?>(null);
        }

        if (IsExpired(session))
        {
            _sessions.TryRemove(new KeyValuePair<(string, string), AgentSession>((tenant, sessionId), session));
            return Task.FromResult<AgentSession?>(null);
        }

        return Task.FromResult<AgentSession?>(session);
    }

    public Task<bool> AppendAsync(string tenant, string sessionId, long expectedVersion, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var key = (tenant, sessionId);
        if (!_sessions.TryGetValue(key, out AgentSession? current) || current.Version != expectedVersion || IsExpired(current))
        {
            return Task.FromResult(false);
        }

        var combined = new List<ChatMessage>(current.Messages.Count + messages.Count);
        combined.AddRange(current.Messages);
        combined.AddRange(messages);
        var updated = new AgentSession
        {
            Id = current.Id,
            Tenant = current.Tenant,
            Agent = current.Agent,
            CreatedAt = current.CreatedAt,
            UpdatedAt = _time.GetUtcNow(),
            Version = current.Version + 1,
            Messages = SessionHistory.Trim(combined, _options.MaxMessages),
        };

        // TryUpdate compares by reference: a concurrent append that won makes this one fail.
        return Task.FromResult(_sessions.TryUpdate(key, updated, current));
    }

    public Task<bool> DeleteAsync(string tenant, string sessionId, CancellationToken cancellationToken) =>
        Task.FromResult(_sessions.TryRemove((tenant, sessionId), out _));

    private bool IsExpired(AgentSession session) => _time.GetUtcNow() - session.UpdatedAt > _options.IdleTimeToLive;

    private void SweepExpired()
    {
        foreach (KeyValuePair<(string Tenant, string Id), AgentSession> entry in _sessions)
        {
            if (IsExpired(entry.Value))
            {
                _sessions.TryRemove(entry);
            }
        }
    }
}
