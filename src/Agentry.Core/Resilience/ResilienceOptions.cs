using System.ComponentModel.DataAnnotations;

namespace Agentry.Core.Resilience;

/// <summary>
/// The <c>Resilience</c> configuration section: how model calls are retried, bounded and cut off. One
/// circuit per provider and model, one concurrency limit per provider.
/// </summary>
public sealed class ResilienceOptions
{
    public const string SectionName = "Resilience";

    /// <summary>Attempts after the first, for transient failures only (429, 5xx, 529, timeouts, dropped connections).</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff; doubles each attempt, with jitter.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Longest <c>retry-after</c> honoured; a provider asking for more sends the run to its fallback.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Limit of one attempt, up to its first streamed token or its whole answer.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Share of failed attempts in <see cref="CircuitSamplingDuration"/> that opens the circuit. High on purpose:
    /// a provider failing 30 % of calls is having a bad day that retries absorb; one failing 80 % is down.
    /// </summary>
    [Range(0.01, 1.0)]
    public double CircuitFailureRatio { get; set; } = 0.8;

    /// <summary>Attempts in the window before the ratio counts, so a few early failures cannot open the circuit.</summary>
    [Range(2, 100_000)]
    public int CircuitMinimumThroughput { get; set; } = 20;

    public TimeSpan CircuitSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CircuitBreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls in flight to one provider; more wait in a queue.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrencyPerProvider { get; set; } = 256;

    /// <summary>Calls that may wait for a provider slot; beyond it they are refused at once.</summary>
    [Range(0, 100_000)]
    public int MaxQueuePerProvider { get; set; } = 512;
}
