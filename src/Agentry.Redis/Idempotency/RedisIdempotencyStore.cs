using System.Security.Cryptography;
using System.Text;
using Agentry.Core.Idempotency;
using Agentry.Redis.Connection;
using Agentry.Redis.Scripts;
using StackExchange.Redis;

namespace Agentry.Redis.Idempotency;

/// <summary>Idempotency keys as Redis hashes; the caller's key is hashed, so any printable key makes a safe Redis key.</summary>
public sealed class RedisIdempotencyStore(RedisGuard redis) : IIdempotencyStore
{
    public async Task<IdempotencyClaim> ClaimAsync(string tenant, string key, string fingerprint, TimeSpan claimTimeToLive, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [KeyOf(tenant, key)];
        RedisResult result = await redis.ExecuteAsync("idempotency_claim",
            db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyClaim, keys, [fingerprint, (long)claimTimeToLive.TotalMilliseconds]), cancellationToken).ConfigureAwait(false);
        RedisResult[] fields = (RedisResult[])result!;
        return (string?)fields[0] switch
        {
            "acquired" => IdempotencyClaim.Acquired,
            "mismatch" => IdempotencyClaim.Mismatch,
            "done" => new IdempotencyClaim(IdempotencyClaimStatus.Completed, new StoredResponse((int)fields[1], (string)fields[2]!, (byte[])fields[3]!)),
            _ => IdempotencyClaim.InProgress,
        };
    }

    public Task CompleteAsync(string tenant, string key, StoredResponse response, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(response);
        RedisKey[] keys = [KeyOf(tenant, key)];
        RedisValue[] args = [response.StatusCode, response.ContentType, response.Body, (long)timeToLive.TotalMilliseconds];
        return redis.ExecuteAsync("idempotency_complete", db => db.ScriptEvaluateAsync(LuaScripts.IdempotencyComplete, keys, args), cancellationToken);
    }

    public Task ReleaseAsync(string tenant, string key, CancellationToken cancellationToken) =>
        redis.ExecuteAsync("idempotency_release", db => db.KeyDeleteAsync(KeyOf(tenant, key)), cancellationToken);

    private RedisKey KeyOf(string tenant, string key) =>
        redis.Keys.Idempotency(tenant, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key))));
}
