using Agentry.Bench.Load;

namespace Agentry.Bench.Results;

/// <summary>Everything one scenario measured: written as <c>bench/results/&lt;scenario&gt;.json</c>.</summary>
internal sealed record ScenarioResult
{
    public required string Scenario { get; init; }

    public required string Description { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required ScenarioSettings Settings { get; init; }

    public required MachineConditions Machine { get; init; }

    /// <summary>Runs through the service.</summary>
    public required LoadPhaseResult Service { get; init; }

    /// <summary>The same model calls sent straight to the simulator in the same run, or null when a run makes none.</summary>
    public LoadPhaseResult? Direct { get; init; }

    /// <summary>The service's share of the latency: service percentiles minus direct percentiles.</summary>
    public AddedLatency? AddedLatencyMs { get; init; }

    /// <summary>Streams: the service's share of the time to first token.</summary>
    public AddedLatency? AddedTtftMs { get; init; }

    /// <summary>Streams: the service's share of the time to the first byte of the body.</summary>
    public AddedLatency? AddedTtfbMs { get; init; }

    /// <summary>Errors of both phases.</summary>
    public required long Errors { get; init; }

    public required ServiceResources Resources { get; init; }

    public required IReadOnlyList<TargetCheck> Targets { get; init; }
}
