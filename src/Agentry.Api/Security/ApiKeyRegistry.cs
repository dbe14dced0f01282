using System.Collections.Concurrent;
using Agentry.Core.Security;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Security;

/// <summary>
/// Finds the record of a presented key: configured keys first (held in memory), then admin-made keys in the
/// <see cref="IApiKeyStore"/>, each lookup trusted for <see cref="SecurityOptions.KeyCacheDuration"/>.
/// A key that is malformed, unknown, revoked or does not hash to its record's SHA-256 finds nothing.
/// </summary>
internal sealed class ApiKeyRegistry
{
    private readonly Dictionary<string, ApiKeyRecord> _configured;
    private readonly IApiKeyStore _store;
    private readonly SecurityOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, (ApiKeyRecord? Key, long Until)> _cache = new(StringComparer.Ordinal);

    public ApiKeyRegistry(IOptions<SecurityOptions> options, IApiKeyStore store, TimeProvider time)
    {
        _options = options.Value;
        _store = store;
        _time = time;
        _configured = Load(_options, time);
    }

    public IReadOnlyCollection<ApiKeyRecord> Configured => _configured.Values;

    public async Task<ApiKeyRecord?> FindAsync(string presented, CancellationToken cancellationToken)
    {
        string? id = ApiKeyFormat.IdOf(presented);
        if (id is null)
        {
            return null;
        }

        ApiKeyRecord? record = _configured.TryGetValue(id, out ApiKeyRecord? configured) ? configured : await FindStoredAsync(id, cancellationToken).ConfigureAwait(false);
        return record is not null && ApiKeyFormat.Matches(presented, record.Sha256) ? record : null;
    }

    public RateLimits LimitsOf(ApiKeyRecord key) => new(
        key.RequestsPerMinute > 0 ? key.RequestsPerMinute : _options.DefaultRequestsPerMinute,
        key.TokensPerMinute > 0 ? key.TokensPerMinute : _options.DefaultTokensPerMinute);

    /// <summary>Forgets a cached lookup at once (this replica); the others forget within the cache duration.</summary>
    public void Forget(string id) => _cache.TryRemove(id, out _);

    private async Task<ApiKeyRecord?> FindStoredAsync(string id, CancellationToken cancellationToken)
    {
        long now = _time.GetTimestamp();
        if (_cache.TryGetValue(id, out (ApiKeyRecord? Key, long Until) cached) && cached.Until > now)
        {
            return cached.Key;
        }

        ApiKeyRecord? key = await _store.FindAsync(id, cancellationToken).ConfigureAwait(false);
        long until = now + (long)(_options.KeyCacheDuration.TotalSeconds * _time.TimestampFrequency);
        if (_cache.Count > 10_000)
        {
            _cache.Clear();
        }

        _cache[id] = (key, until);
        return key;
    }

    private static Dictionary<string, ApiKeyRecord> Load(SecurityOptions options, TimeProvider time)
    {
        var keys = new Dictionary<string, ApiKeyRecord>(StringComparer.Ordinal);
        foreach ((string id, ConfiguredApiKey key) in options.ApiKeys)
        {
            string sha256 = key.Sha256 ?? ApiKeyFormat.Hash(File.ReadAllText(key.KeyFile!).Trim());
            keys[id] = new ApiKeyRecord
            {
                Id = id,
                Tenant = key.Tenant,
                Sha256 = sha256.ToLowerInvariant(),
                Name = key.Name,
                Agents = key.Agents.ToArray(),
                Admin = key.Admin,
                RequestsPerMinute = key.RequestsPerMinute,
                TokensPerMinute = key.TokensPerMinute,
                CreatedAt = time.GetUtcNow(),
                Source = "config",
            };
        }

        return keys;
    }
}
