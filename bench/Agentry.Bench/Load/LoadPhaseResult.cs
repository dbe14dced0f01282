using System.Text.Json.Serialization;

namespace Agentry.Bench.Load;

/// <summary>What a load phase measured. Errors count the whole phase, warm-up included.</summary>
internal sealed record LoadPhaseResult
{
    public required string Target { get; init; }

    public required int Concurrency { get; init; }

    public required double WindowSeconds { get; init; }

    /// <summary>Successful runs that finished inside the measured window.</summary>
    public required long CompletedRuns { get; init; }

    public required double RequestsPerSecond { get; init; }

    public required long Errors { get; init; }

    public required IReadOnlyList<string> ErrorSamples { get; init; }

    public required Percentiles? LatencyMs { get; init; }

    /// <summary>Streams only: until the first byte of the body arrived.</summary>
    public Percentiles? TimeToFirstByteMs { get; init; }

    /// <summary>Streams only: until the first text delta arrived.</summary>
    public Percentiles? TimeToFirstTokenMs { get; init; }

    /// <summary>CPU the load generator itself spent per 1,000 runs in the window (it shares the cores).</summary>
    [JsonPropertyName("generator_cpu_seconds_per_1000_runs")]
    public double GeneratorCpuSecondsPer1000Runs { get; init; }
}
