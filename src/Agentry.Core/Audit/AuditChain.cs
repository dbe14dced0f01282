using System.Security.Cryptography;
using System.Text.Json;

namespace Agentry.Core.Audit;

/// <summary>
/// Hash chaining of audit events: each event's hash is SHA-256 over the previous event's hash and the event's own
/// JSON (without its hash). <see cref="Verify"/> walks a sequence of events and names the first one that breaks.
/// </summary>
public sealed class AuditChain(string instance)
{
    public const string Genesis = "genesis";

    private readonly Lock _lock = new();
    private long _seq;
    private string _head = Genesis;

    public string Instance => instance;

    /// <summary>Stamps the event with this instance, the next sequence number and the hashes.</summary>
    public AuditEvent Append(AuditEvent audit) => AppendWithJson(audit).Event;

    /// <summary>
    /// As <see cref="Append"/>, and the chained event's JSON in UTF-8: the hashed bytes with the hash appended as the
    /// last property, which is exactly how the event serialises (<see cref="AuditEvent.Hash"/> is declared last).
    /// </summary>
    public (AuditEvent Event, byte[] Utf8Json) AppendWithJson(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        lock (_lock)
        {
            AuditEvent chained = audit with { Instance = instance, Seq = ++_seq, Prev = _head, Hash = null };
            byte[] json = JsonSerializer.SerializeToUtf8Bytes(chained, AuditJsonContext.Default.AuditEvent);
            Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(json, digest);
            string hash = Convert.ToHexStringLower(digest);
            _head = hash;

            // json without its closing brace, then ,"hash":"<64 hex digits>"}
            byte[] withHash = new byte[json.Length - 1 + HashPropertyPrefix.Length + hash.Length + 2];
            json.AsSpan(0, json.Length - 1).CopyTo(withHash);
            int at = json.Length - 1;
            HashPropertyPrefix.CopyTo(withHash.AsSpan(at));
            at += HashPropertyPrefix.Length;
            at += System.Text.Encoding.ASCII.GetBytes(hash, withHash.AsSpan(at));
            withHash[at++] = (byte)'"';
            withHash[at] = (byte)'}';
            return (chained with { Hash = hash }, withHash);
        }
    }

    private static ReadOnlySpan<byte> HashPropertyPrefix => ",\"hash\":\""u8;

    public static string HashOf(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(audit with { Hash = null }, AuditJsonContext.Default.AuditEvent);
        return Convert.ToHexStringLower(SHA256.HashData(json));
    }

    /// <summary>
    /// Checks every instance's chain: hashes recompute, each event names its predecessor's hash and sequence numbers
    /// have no gap. The first event seen of an instance is trusted as the anchor (older events may have been trimmed
    /// by retention); a chain that starts at sequence 1 must start from <see cref="Genesis"/>.
    /// </summary>
    public static AuditVerification Verify(IEnumerable<AuditEvent> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var heads = new Dictionary<string, (long Seq, string Hash)>(StringComparer.Ordinal);
        long count = 0;
        foreach (AuditEvent audit in events)
        {
            count++;
            string where = $"event {count} ({audit.Instance}#{audit.Seq})";
            if (audit.Instance is null || audit.Hash is null || audit.Prev is null)
            {
                return AuditVerification.Broken(count, where + " has no chain fields");
            }

            if (!string.Equals(HashOf(audit), audit.Hash, StringComparison.Ordinal))
            {
                return AuditVerification.Broken(count, where + " was altered: its hash does not match its content");
            }

            if (heads.TryGetValue(audit.Instance, out (long Seq, string Hash) head))
            {
                if (audit.Seq != head.Seq + 1)
                {
                    return AuditVerification.Broken(count, $"{where} follows #{head.Seq}: events are missing");
                }

                if (!string.Equals(audit.Prev, head.Hash, StringComparison.Ordinal))
                {
                    return AuditVerification.Broken(count, where + " does not follow the previous event's hash");
                }
            }
            else if (audit.Seq == 1 && audit.Prev != Genesis)
            {
                return AuditVerification.Broken(count, where + " starts a chain without the genesis marker");
            }

            heads[audit.Instance] = (audit.Seq, audit.Hash);
        }

        return new AuditVerification(true, count, heads.Count, null);
    }
}

/// <summary>The outcome of verifying a chain.</summary>
public sealed record AuditVerification(bool Valid, long Events, int Instances, string? Problem)
{
    public static AuditVerification Broken(long events, string problem) => new(false, events, 0, problem);
}
