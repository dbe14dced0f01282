using System.Collections.Concurrent;
using System.Globalization;
using Agentry.Core.Security;
using Agentry.Redis.Connection;
using Agentry.Redis.Scripts;
using StackExchange.Redis;

namespace Agentry.Redis.Security;

/// <summary>
/// Rate limits shared by every replica: two GCRA buckets per key, checked and advanced by one Lua script. A run's
/// token charge costs no round trip of its own: it waits in this process and rides on the key's next admission,
/// which applies it before deciding; <see cref="RedisRateLimitChargeFlusher"/> sends, in one batch, the charges of
/// keys that made no further request.
/// </summary>
public sealed class RedisRateLimitStore(RedisGuard redis) : IRateLimitStore
{
    private const int FlushBatchSize = 256;

    private readonly ConcurrentDictionary<string, PendingCharge> _pending = new(StringComparer.Ordinal);

    /// <summary>Keys with a token charge not yet sent to Redis.</summary>
    public int PendingKeys => _pending.Count;

    public async Task<RateLimitDecision> AdmitAsync(string tenant, string keyId, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.None)
        {
            return RateLimitDecision.Unlimited;
        }

        string tokenKey = redis.Keys.RateLimitTokens(tenant, keyId);
        (double debtMs, long chargedAtMs) = Take(tokenKey) ?? (0, 0);
        RedisKey[] keys = [redis.Keys.RateLimitRequests(tenant, keyId), tokenKey];
        RedisValue[] args = [now.ToUnixTimeMilliseconds(), Math.Max(0, limits.RequestsPerMinute), Math.Max(0, limits.TokensPerMinute), debtMs, chargedAtMs];

        // If this call fails, the charge it carried is lost: limits fail open, and a lost charge beats a doubled one.
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

    /// <summary>Holds the charge for the key's next admission or the next flush; never calls Redis.</summary>
    public Task ConsumeTokensAsync(string tenant, string keyId, long tokens, RateLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (limits.TokensPerMinute <= 0 || tokens <= 0)
        {
            return Task.CompletedTask;
        }

        string key = redis.Keys.RateLimitTokens(tenant, keyId);
        double debtMs = Gcra.DebtMs(tokens, limits.TokensPerMinute);
        long chargedAtMs = now.ToUnixTimeMilliseconds();
        while (true)
        {
            PendingCharge charge = _pending.GetOrAdd(key, static _ => new PendingCharge());
            lock (charge)
            {
                // Taken between the lookup and the lock: it is on its way to Redis, so start a new one.
                if (charge.Taken)
                {
                    continue;
                }

                charge.DebtMs += debtMs;
                charge.ChargedAtMs = Math.Min(charge.ChargedAtMs, chargedAtMs);
                return Task.CompletedTask;
            }
        }
    }

    /// <summary>
    /// Sends every held charge, one pipelined batch (one round trip, <c>rate_limit_charge</c>) per
    /// <see cref="FlushBatchSize"/> keys. Returns how many keys were charged. A failed batch's charges are lost.
    /// </summary>
    public async Task<int> FlushAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (_pending.IsEmpty)
        {
            return 0;
        }

        var charges = new List<(RedisKey Key, double DebtMs, long ChargedAtMs)>();
        foreach (string key in _pending.Keys)
        {
            if (Take(key) is (double debtMs, long chargedAtMs))
            {
                charges.Add((key, debtMs, chargedAtMs));
            }
        }

        long nowMs = now.ToUnixTimeMilliseconds();
        foreach ((RedisKey Key, double DebtMs, long ChargedAtMs)[] chunk in charges.Chunk(FlushBatchSize))
        {
            await redis.ExecuteAsync("rate_limit_charge", async db =>
            {
                IBatch batch = db.CreateBatch();
                var sends = new Task[chunk.Length];
                for (int i = 0; i < chunk.Length; i++)
                {
                    sends[i] = batch.ScriptEvaluateAsync(LuaScripts.RateLimitCharge, [chunk[i].Key], [nowMs, chunk[i].DebtMs, chunk[i].ChargedAtMs]);
                }

                batch.Execute();
                await Task.WhenAll(sends).ConfigureAwait(false);
                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return charges.Count;
    }

    private (double DebtMs, long ChargedAtMs)? Take(string key)
    {
        if (!_pending.TryRemove(key, out PendingCharge? charge))
        {
            return null;
        }

        lock (charge)
        {
            charge.Taken = true;
            return (charge.DebtMs, charge.ChargedAtMs);
        }
    }

    private static TimeSpan Milliseconds(RedisResult value) =>
        TimeSpan.FromMilliseconds(Math.Max(0, double.Parse((string)value!, CultureInfo.InvariantCulture)));

    /// <summary>Tokens used on this replica and not yet sent, as token-bucket debt, with the time of the earliest.</summary>
    private sealed class PendingCharge
    {
        public double DebtMs;
        public long ChargedAtMs = long.MaxValue;
        public bool Taken;
    }
}
