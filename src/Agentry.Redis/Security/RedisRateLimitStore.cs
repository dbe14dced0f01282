using System.Globalization;
using Agentry.Core.Security;
using Agentry.Redis.Connection;
using Agentry.Redis.Scripts;
using StackExchange.Redis;

namespace Agentry.Redis.Security;

/// <summary>Rate limits shared by every replica: two GCRA buckets per key, checked and advanced by one Lua script.</summary>
public sealed class RedisRateLimitStore(RedisGuard redis) : IRateLimitStore
{
    public async Task<RateLimitDecision> AdmitAsync(string tenant, string keyId, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.None)
        {
            return RateLimitDecision.Unlimited;
        }

        RedisKey[] keys = [redis.Keys.RateLimitRequests(tenant, keyId), redis.Keys.RateLimitTokens(tenant, keyId)];
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), Math.Max(0, limits.RequestsPerMinute), Math.Max(0, limits.TokensPerMinute)];
        RedisResult[] fields = (RedisResult[])(await redis.ExecuteAsync("rate_limit_admit", db => db.ScriptEvaluateAsync(LuaScripts.RateLimitAdmit, keys, args), cancellationToken).ConfigureAwait(false))!;
        bool allowed = (long)fields[0] == 1;
        string limit = (string)fields[1]!;
        return new RateLimitDecision(
            allowed,
            limit.Length == 0 ? null : limit,
            (long)fields[2],
            Milliseconds(fields[3]),
            Milliseconds(fields[4]));
    }

    public Task ConsumeTokensAsync(string tenant, string keyId, long tokens, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.TokensPerMinute <= 0 || tokens <= 0)
        {
            return Task.CompletedTask;
        }

        RedisKey[] keys = [redis.Keys.RateLimitTokens(tenant, keyId)];
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), limits.TokensPerMinute, tokens];
        return redis.ExecuteAsync("rate_limit_consume", db => db.ScriptEvaluateAsync(LuaScripts.RateLimitConsume, keys, args), cancellationToken);
    }

    private static TimeSpan Milliseconds(RedisResult value) =>
        TimeSpan.FromMilliseconds(Math.Max(0, double.Parse((string)value!, CultureInfo.InvariantCulture)));
}
