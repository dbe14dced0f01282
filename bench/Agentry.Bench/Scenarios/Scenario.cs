namespace Agentry.Bench.Scenarios;

/// <summary>One measured situation: what a run looks like, where state lives, how slow the upstream is, how many clients.</summary>
internal sealed record Scenario
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public required RunShape Shape { get; init; }

    public StoreKind Store { get; init; } = StoreKind.Memory;

    /// <summary>The simulator's time to first token (and to the whole answer when not streamed).</summary>
    public TimeSpan UpstreamLatency { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Simulated streaming pace; 0 sends every chunk at once.</summary>
    public double UpstreamTokensPerSecond { get; init; }

    public int Concurrency { get; init; } = 64;

    /// <summary>The service's <c>Logging:LogLevel:Default</c>; Warning keeps the per-run log line out of throughput figures.</summary>
    public string LogLevel { get; init; } = "Warning";

    /// <summary>Send the same load straight to the simulator first, so the service's own share can be subtracted.</summary>
    public bool MeasureDirect { get; init; } = true;

    /// <summary>Settings added to the service's environment for this scenario only.</summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Long runs need a longer warm-up and window than the command line's, whatever it says.</summary>
    public TimeSpan MinimumWarmup { get; init; }

    public TimeSpan MinimumDuration { get; init; }

    /// <summary>Runs the bare pass-through (the floor) instead of the service.</summary>
    public bool PassThrough { get; init; }

    public IReadOnlyList<Target> Targets { get; init; } = [];
}
