using System.ComponentModel.DataAnnotations;

namespace Agentry.Redis.Connection;

/// <summary>
/// The <c>Redis</c> configuration section. The connection string itself is <c>ConnectionStrings:Redis</c>
/// (env <c>ConnectionStrings__Redis</c>), in StackExchange.Redis syntax: <c>host:6379,password=…,ssl=true</c>.
/// </summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";
    public const string ConnectionStringName = "Redis";

    /// <summary>Longest a request waits on one Redis call before it is treated as failed.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Once this share of calls in <see cref="SamplingDuration"/> failed, calls stop for <see cref="BreakDuration"/>.</summary>
    [Range(0.01, 1.0)]
    public double FailureRatio { get; set; } = 0.5;

    [Range(2, 10_000)]
    public int MinimumThroughput { get; set; } = 4;

    public TimeSpan SamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The audit stream keeps about this many events (oldest trimmed first); size it for your retention.</summary>
    [Range(1000, 100_000_000)]
    public int AuditMaxEvents { get; set; } = 1_000_000;

    /// <summary>
    /// A run's token charge rides on its key's next rate-limit check; a key with no further request has its charge
    /// sent after at most this long (all such keys in one batch), which is also how late another replica may see it.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan RateLimitChargeInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>First segment of every key; keys are <c>{prefix}:{tenant}:…</c>.</summary>
    [RegularExpression("^[a-z0-9_-]{1,32}$")]
    public string KeyPrefix { get; set; } = "agentry";
}
