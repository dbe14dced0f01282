using System.Globalization;
using System.Text;
using Agentry.Core.Sessions;
using Agentry.Redis.Connection;
using Agentry.Redis.Scripts;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agentry.Redis.Sessions;

/// <summary>
/// Sessions in Redis: a hash (agent, times, version, message count) and a list of whole turns, both under the
/// tenant's hash tag and both expiring after the idle time to live, refreshed on every read and write.
/// One round trip per operation.
/// </summary>
public sealed class RedisSessionStore : ISessionStore
{
    private readonly RedisGuard _redis;
    private readonly SessionStoreOptions _options;
    private readonly TimeProvider _time;

    public RedisSessionStore(RedisGuard redis, IOptions<SessionStoreOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _redis = redis;
        _options = options.Value;
        _time = time;
    }

    private long TtlMs => (long)_options.IdleTimeToLive.TotalMilliseconds;

    public async Task<AgentSession> CreateAsync(string tenant, string agent, CancellationToken cancellationToken)
    {
        string id = SessionIds.New();
        DateTimeOffset now = _time.GetUtcNow();
        RedisKey[] keys = [_redis.Keys.Session(tenant, id), _redis.Keys.SessionTurns(tenant, id)];
        await _redis.ExecuteAsync("session_create", db => db.ScriptEvaluateAsync(LuaScripts.SessionCreate, keys, [agent, now.ToUnixTimeMilliseconds(), TtlMs]), cancellationToken).ConfigureAwait(false);
        return new AgentSession { Id = id, Tenant = tenant, Agent = agent, CreatedAt = now, UpdatedAt = now, Version = 0, Messages = [] };
    }

    public async Task<AgentSession?> GetAsync(string tenant, string sessionId, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_redis.Keys.Session(tenant, sessionId), _redis.Keys.SessionTurns(tenant, sessionId)];
        RedisResult result = await _redis.ExecuteAsync("session_get", db => db.ScriptEvaluateAsync(LuaScripts.SessionGet, keys, [TtlMs]), cancellationToken).ConfigureAwait(false);
        if (result.IsNull || result.Resp2Type != ResultType.Array)
        {
            return null;
        }

        RedisResult[] fields = (RedisResult[])result!;
        var messages = new List<ChatMessage>();
        foreach (RedisResult turn in (RedisResult[])fields[4]!)
        {
            byte[] encoded = (byte[])turn!;
            int separator = Array.IndexOf(encoded, (byte)'|');
            messages.AddRange(StoredMessageCodec.Deserialize(encoded.AsSpan(separator + 1)));
        }

        return new AgentSession
        {
            Id = sessionId,
            Tenant = tenant,
            Agent = (string)fields[0]!,
            CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[1]),
            UpdatedAt = DateTimeOffset.FromUnixTimeMilliseconds((long)fields[2]),
            Version = (long)fields[3],
            Messages = messages,
        };
    }

    public async Task<bool> AppendAsync(string tenant, string sessionId, long expectedVersion, IReadOnlyList<ChatMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        byte[] json = StoredMessageCodec.Serialize(messages);
        byte[] prefix = Encoding.ASCII.GetBytes(messages.Count.ToString(CultureInfo.InvariantCulture) + "|");
        byte[] turn = [.. prefix, .. json];
        RedisKey[] keys = [_redis.Keys.Session(tenant, sessionId), _redis.Keys.SessionTurns(tenant, sessionId)];
        RedisValue[] args = [expectedVersion, turn, messages.Count, _time.GetUtcNow().ToUnixTimeMilliseconds(), TtlMs, _options.MaxMessages];
        RedisResult result = await _redis.ExecuteAsync("session_append", db => db.ScriptEvaluateAsync(LuaScripts.SessionAppend, keys, args), cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    public async Task<bool> DeleteAsync(string tenant, string sessionId, CancellationToken cancellationToken)
    {
        RedisKey[] keys = [_redis.Keys.Session(tenant, sessionId), _redis.Keys.SessionTurns(tenant, sessionId)];
        long deleted = await _redis.ExecuteAsync("session_delete", db => db.KeyDeleteAsync(keys), cancellationToken).ConfigureAwait(false);
        return deleted > 0;
    }
}
