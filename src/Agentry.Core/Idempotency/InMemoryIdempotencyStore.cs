using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Idempotency;

/// <summary>Idempotency keys in this process's memory: for one instance only.</summary>
public sealed class InMemoryIdempotencyStore : IIdempotencyStore
{
    private readonly ConcurrentDictionary<(string Tenant, string Key), Entry> _entries = new();
    private readonly TimeProvider _time;
    private readonly IdempotencyOptions _options;

    public InMemoryIdempotencyStore(IOptions<IdempotencyOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = time;
    }

    public Task<IdempotencyClaim> ClaimAsync(string tenant, string key, string fingerprint, TimeSpan claimTimeToLive, CancellationToken cancellationToken)
    {
        DateTimeOffset now = _time.GetUtcNow();
        var claim = new Entry(fingerprint, null, now + claimTimeToLive);
        while (true)
        {
            if (_entries.TryAdd((tenant, key), claim))
            {
                if (_entries.Count > _options.MaxInMemoryEntries)
                {
                    Sweep(now);
                }

                return Task.FromResult(IdempotencyClaim.Acquired);
            }

            if (!_entries.TryGetValue((tenant, key), out Entry? existing))
            {
                continue;
            }

            if (existing.ExpiresAt <= now)
            {
                _entries.TryRemove(new KeyValuePair<(string, string), Entry>((tenant, key), existing));
                continue;
            }

            return Task.FromResult(
                !string.Equals(existing.Fingerprint, fingerprint, StringComparison.Ordinal) ? IdempotencyClaim.Mismatch
                : existing.Response is null ? IdempotencyClaim.InProgress
                : new IdempotencyClaim(IdempotencyClaimStatus.Completed, existing.Response));
        }
    }

    public Task CompleteAsync(string tenant, string key, StoredResponse response, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        if (_entries.TryGetValue((tenant, key), out Entry? existing))
        {
            _entries[(tenant, key)] = existing with { Response = response, ExpiresAt = _time.GetUtcNow() + timeToLive };
        }

        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken)
    {
        _entries.TryRemove((tenant, key), out _);
        return Task.CompletedTask;
    }

    private void Sweep(DateTimeOffset now)
    {
        foreach (KeyValuePair<(string Tenant, string Key), Entry> entry in _entries)
        {
            if (entry.Value.ExpiresAt <= now)
            {
                _entries.TryRemove(entry);
            }
        }

        // Still over the cap: drop the entries closest to expiry, completed or not.
        int excess = _entries.Count - _options.MaxInMemoryEntries;
        if (excess > 0)
        {
            foreach (KeyValuePair<(string Tenant, string Key), Entry> entry in _entries.OrderBy(e => e.Value.ExpiresAt).Take(excess))
            {
                _entries.TryRemove(entry);
            }
        }
    }

    private sealed record Entry(string Fingerprint, StoredResponse? Response, DateTimeOffset ExpiresAt);
}
