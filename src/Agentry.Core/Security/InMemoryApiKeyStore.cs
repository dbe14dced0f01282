using System.Collections.Concurrent;

namespace Agentry.Core.Security;

/// <summary>Admin-made keys in this process's memory: for one instance only, lost on restart.</summary>
public sealed class InMemoryApiKeyStore : IApiKeyStore
{
    private readonly ConcurrentDictionary<string, ApiKeyRecord> _keys = new(StringComparer.Ordinal);

    public Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult(_keys.TryGetValue(id, out ApiKeyRecord? key) ? key : null);

    public Task CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        // As a store that does I/O, the refusal is the task's fault, not a throw before it.
        return _keys.TryAdd(key.Id, key)
            ? Task.CompletedTask
            : Task.FromException(new InvalidOperationException($"A key with id {key.Id} exists already."));
    }

    public Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ApiKeyRecord>>(_keys.Values.OrderBy(k => k.CreatedAt).ToArray());

    public Task<bool> RevokeAsync(string id, CancellationToken cancellationToken) => Task.FromResult(_keys.TryRemove(id, out _));
}
