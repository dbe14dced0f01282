using System.Text.Json.Serialization;

namespace Agentry.Bench.Results;

/// <summary>What the service process cost during the measured window (and its memory over its whole life).</summary>
internal sealed record ServiceResources
{
    /// <summary>Resident memory once started and idle, before any load.</summary>
    public required double IdleRssMb { get; init; }

    /// <summary>Highest resident memory of the process's life (VmHWM), start-up and load included.</summary>
    public required double PeakRssMb { get; init; }

    /// <summary>Service CPU (user + system) per 1,000 completed runs.</summary>
    [JsonPropertyName("cpu_seconds_per_1000_runs")]
    public required double CpuSecondsPer1000Runs { get; init; }

    /// <summary>Average CPU cores the service used during the window.</summary>
    public required double CpuCoresUsed { get; init; }

    /// <summary>Managed bytes allocated per run (the runtime's <c>dotnet.gc.heap.total_allocated</c> counter).</summary>
    public required double AllocatedBytesPerRun { get; init; }

    /// <summary>Redis commands, scripts or batches per run (the service's <c>agent_redis_calls_total</c>, pings excluded).</summary>
    public required double RedisRoundTripsPerRun { get; init; }

    /// <summary>The same by operation (<c>session_get</c>, <c>idempotency_claim</c>, <c>budget_reserve</c>...).</summary>
    public IReadOnlyDictionary<string, double> RedisRoundTripsByOperation { get; init; } = new Dictionary<string, double>();

    /// <summary>The service's own count of runs in progress at the end of the window (<c>agent_runs_in_flight</c>).</summary>
    public required double RunsInFlightAtWindowEnd { get; init; }

    /// <summary>Redis calls that timed out, failed or met an open circuit during the window (each one a 503 or a cache miss).</summary>
    public required double RedisFailedCalls { get; init; }

    /// <summary>The simulator's CPU per 1,000 runs: it shares the two cores.</summary>
    [JsonPropertyName("simulator_cpu_seconds_per_1000_runs")]
    public required double SimulatorCpuSecondsPer1000Runs { get; init; }

    /// <summary>redis-server's CPU per 1,000 runs, in Redis scenarios.</summary>
    [JsonPropertyName("redis_cpu_seconds_per_1000_runs")]
    public double? RedisCpuSecondsPer1000Runs { get; init; }
}
