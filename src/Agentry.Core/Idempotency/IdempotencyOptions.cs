namespace Agentry.Core.Idempotency;

/// <summary>The <c>Idempotency</c> configuration section.</summary>
public sealed class IdempotencyOptions
{
    public const string SectionName = "Idempotency";

    /// <summary>How long a completed answer is replayed for a retry.</summary>
    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Entries the in-memory store keeps (single instance only); the oldest go first.</summary>
    public int MaxInMemoryEntries { get; set; } = 100_000;
}
