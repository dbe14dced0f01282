using System.Text.Json;
using Agentry.Core.Audit;
using Agentry.Redis.Connection;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agentry.Redis.Security;

/// <summary>
/// Appends audit events to one Redis stream (field <c>e</c>: the event's JSON), trimmed to about
/// <see cref="RedisOptions.AuditMaxEvents"/> entries. One round trip per batch.
/// </summary>
public sealed class RedisAuditWriter(RedisGuard redis, IOptions<RedisOptions> options) : IAuditWriter
{
    public const string Field = "e";

    public Task WriteAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        RedisKey stream = redis.Keys.AuditStream;
        int maxLength = options.Value.AuditMaxEvents;
        return redis.ExecuteAsync("audit_append", async db =>
        {
            IBatch pipeline = db.CreateBatch();
            var sends = new Task[batch.Count];
            for (int i = 0; i < batch.Count; i++)
            {
                string json = JsonSerializer.Serialize(batch[i], AuditJsonContext.Default.AuditEvent);
                sends[i] = pipeline.StreamAddAsync(stream, Field, json, maxLength: maxLength, useApproximateMaxLength: true);
            }

            pipeline.Execute();
            await Task.WhenAll(sends).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    /// <summary>Reads the whole stream, oldest first, for verification.</summary>
    public static async Task<IReadOnlyList<AuditEvent>> ReadAllAsync(IDatabase database, RedisKeys keys)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(keys);
        var events = new List<AuditEvent>();
        RedisValue from = "-";
        while (true)
        {
            StreamEntry[] entries = await database.StreamRangeAsync(keys.AuditStream, from, "+", count: 1000).ConfigureAwait(false);
            foreach (StreamEntry entry in entries)
            {
                if (from != "-" && entry.Id == from)
                {
                    continue;
                }

                events.Add(JsonSerializer.Deserialize((string)entry[Field]!, AuditJsonContext.Default.AuditEvent)!);
            }

            if (entries.Length < 1000)
            {
                return events;
            }

            from = entries[^1].Id;
        }
    }
}
