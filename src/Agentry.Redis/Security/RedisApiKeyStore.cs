using Agentry.Core.Security;
using Agentry.Redis.Connection;
using StackExchange.Redis;

namespace Agentry.Redis.Security;

/// <summary>
/// Admin-made keys shared by every replica: a hash per key (its SHA-256, tenant, scopes and limits, never the key)
/// and a set of ids for listing. A revoked key's hash is deleted, so every replica stops accepting it as soon as its
/// short lookup cache expires.
/// </summary>
public sealed class RedisApiKeyStore(RedisGuard redis) : IApiKeyStore
{
    public async Task<ApiKeyRecord?> FindAsync(string id, CancellationToken cancellationToken)
    {
        HashEntry[] fields = await redis.ExecuteAsync("api_key_get", db => db.HashGetAllAsync(redis.Keys.ApiKey(id)), cancellationToken).ConfigureAwait(false);
        return fields.Length == 0 ? null : FromHash(id, fields);
    }

    public async Task CreateAsync(ApiKeyRecord key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        HashEntry[] fields =
        [
            new("tenant", key.Tenant),
            new("sha256", key.Sha256),
            new("name", key.Name),
            new("agents", string.Join(',', key.Agents)),
            new("admin", key.Admin ? 1 : 0),
            new("rpm", key.RequestsPerMinute),
            new("tpm", key.TokensPerMinute),
            new("created", key.CreatedAt.ToUnixTimeMilliseconds()),
        ];
        bool created = await redis.ExecuteAsync("api_key_create", async db =>
        {
            ITransaction transaction = db.CreateTransaction();
            transaction.AddCondition(Condition.KeyNotExists(redis.Keys.ApiKey(key.Id)));
            _ = transaction.HashSetAsync(redis.Keys.ApiKey(key.Id), fields);
            _ = transaction.SetAddAsync(redis.Keys.ApiKeyIndex, key.Id);
            return await transaction.ExecuteAsync().ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);
        if (!created)
        {
            throw new InvalidOperationException($"A key with id {key.Id} exists already.");
        }
    }

    public async Task<IReadOnlyList<ApiKeyRecord>> ListAsync(CancellationToken cancellationToken)
    {
        RedisValue[] ids = await redis.ExecuteAsync("api_key_list", db => db.SetMembersAsync(redis.Keys.ApiKeyIndex), cancellationToken).ConfigureAwait(false);
        var keys = new List<ApiKeyRecord>(ids.Length);
        foreach (RedisValue id in ids)
        {
            if (await FindAsync(id!, cancellationToken).ConfigureAwait(false) is { } key)
            {
                keys.Add(key);
            }
        }

        return keys.OrderBy(k => k.CreatedAt).ToArray();
    }

    public Task<bool> RevokeAsync(string id, CancellationToken cancellationToken) =>
        redis.ExecuteAsync("api_key_revoke", async db =>
        {
            ITransaction transaction = db.CreateTransaction();
            Task<bool> deleted = transaction.KeyDeleteAsync(redis.Keys.ApiKey(id));
            _ = transaction.SetRemoveAsync(redis.Keys.ApiKeyIndex, id);
            await transaction.ExecuteAsync().ConfigureAwait(false);
            return await deleted.ConfigureAwait(false);
        }, cancellationToken);

    private static ApiKeyRecord FromHash(string id, HashEntry[] fields)
    {
        var map = fields.ToDictionary(f => (string)f.Name!, f => f.Value);
        string agents = (string?)map.GetValueOrDefault("agents") ?? "";
        return new ApiKeyRecord
        {
            Id = id,
            Tenant = (string)map["tenant"]!,
            Sha256 = (string)map["sha256"]!,
            Name = (string?)map.GetValueOrDefault("name") ?? "",
            Agents = agents.Length == 0 ? [] : agents.Split(','),
            Admin = (int)map.GetValueOrDefault("admin", 0) == 1,
            RequestsPerMinute = (int)map.GetValueOrDefault("rpm", 0),
            TokensPerMinute = (int)map.GetValueOrDefault("tpm", 0),
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)map.GetValueOrDefault("created", 0)),
            Source = "admin",
        };
    }
}
