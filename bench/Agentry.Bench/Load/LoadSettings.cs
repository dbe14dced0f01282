namespace Agentry.Bench.Load;

/// <summary>Bounds of one load phase: clients, warm-up, measured window, and a cap on runs.</summary>
internal sealed record LoadSettings
{
    public required int Concurrency { get; init; }

    /// <summary>Runs before the measured window: JIT, connection pools and caches settle; not recorded.</summary>
    public required TimeSpan Warmup { get; init; }

    public required TimeSpan Duration { get; init; }

    /// <summary>No phase issues more runs than this, whatever its duration.</summary>
    public long MaxRuns { get; init; } = 3_000_000;

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
}
