namespace Agentry.Bench.Scenarios;

/// <summary>The benchmark scenarios, each with in-memory stores and with Redis, and the targets each is held to.</summary>
internal static class ScenarioCatalog
{
    private static readonly Target NoErrors = new(Metrics.Errors, 0);

    public static IReadOnlyList<Scenario> All { get; } = Build();

    /// <summary>Names separated by commas; <c>all</c> for every scenario. Unknown names throw with the list of known ones.</summary>
    public static IReadOnlyList<Scenario> Select(string names)
    {
        ArgumentNullException.ThrowIfNull(names);
        if (names.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            return All;
        }

        var selected = new List<Scenario>();
        foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            selected.Add(All.FirstOrDefault(s => s.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
                ?? throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", All.Select(s => s.Name))}."));
        }

        return selected;
    }

    private static List<Scenario> Build()
    {
        var scenarios = new List<Scenario>();
        foreach (StoreKind store in new[] { StoreKind.Memory, StoreKind.Redis })
        {
            string suffix = store == StoreKind.Memory ? "memory" : "redis";
            double p99 = store == StoreKind.Memory ? 4 : 5;
            scenarios.Add(new Scenario
            {
                Name = $"single-50ms-{suffix}",
                Description = "Single-turn run, JSON answer, 50 ms upstream, 64 concurrent clients.",
                Shape = RunShape.SingleTurn,
                Store = store,
                Targets = store == StoreKind.Memory
                    ? [new(Metrics.AddedP50, 1), new(Metrics.AddedP99, p99), new(Metrics.IdleRss, 120), NoErrors]
                    : [new(Metrics.AddedP99, p99), NoErrors],
            });
            scenarios.Add(new Scenario
            {
                Name = $"ceiling-0ms-{suffix}",
                Description = "Single-turn run, JSON answer, 0 ms upstream, 64 concurrent clients: the throughput ceiling.",
                Shape = RunShape.SingleTurn,
                Store = store,
                UpstreamLatency = TimeSpan.Zero,
                Targets = store == StoreKind.Memory ? [new(Metrics.RequestsPerSecond, 10_000, AtLeast: true), NoErrors] : [NoErrors],
            });
            scenarios.Add(new Scenario
            {
                Name = $"stream-50ms-{suffix}",
                Description = "Streamed single-turn run (SSE), 50 ms to the first token upstream, 64 clients: time-to-first-token overhead.",
                Shape = RunShape.Streaming,
                Store = store,
                Targets = [new(Metrics.AddedTtftP50, 1), NoErrors],
            });
            scenarios.Add(new Scenario
            {
                Name = $"tools-50ms-{suffix}",
                Description = "Run with two tools (calculator and clock, in parallel): two model calls of 50 ms each, 64 clients.",
                Shape = RunShape.TwoTools,
                Store = store,
                Targets = [NoErrors],
            });
            scenarios.Add(new Scenario
            {
                Name = $"cache-hit-{suffix}",
                Description = "Identical request to an agent with the response cache on: every measured run is a cache hit, 64 clients.",
                Shape = RunShape.CacheHit,
                Store = store,
                MeasureDirect = false,
                Targets = [NoErrors],
            });
            scenarios.Add(new Scenario
            {
                Name = $"session-50ms-{suffix}",
                Description = "Conversation turn (a new session every 8 turns) with a unique Idempotency-Key, 50 ms upstream, 64 clients.",
                Shape = RunShape.SessionTurn,
                Store = store,
                Targets = [new(Metrics.AddedP99, p99), NoErrors],
            });
        }

        scenarios.Add(new Scenario
        {
            Name = "floor-50ms",
            Description = "The floor: a bare ASP.NET Core pass-through (parse, one HttpClient call, write) instead of the service, 50 ms upstream, 64 clients.",
            Shape = RunShape.SingleTurn,
            PassThrough = true,
            Targets = [NoErrors],
        });
        scenarios.Add(new Scenario
        {
            Name = "floor-0ms",
            Description = "The floor with a 0 ms upstream: the pass-through's throughput ceiling on this machine.",
            Shape = RunShape.SingleTurn,
            UpstreamLatency = TimeSpan.Zero,
            PassThrough = true,
            Targets = [NoErrors],
        });
        scenarios.Add(new Scenario
        {
            Name = "single-50ms-memory-info-logs",
            Description = "single-50ms-memory with the default Information logging (one JSON line per run on stdout).",
            Shape = RunShape.SingleTurn,
            LogLevel = "Information",
            Targets = [NoErrors],
        });
        scenarios.Add(new Scenario
        {
            Name = "stream-1000-memory",
            Description = "1,000 streamed runs in flight at once (first token after 2 s, then 20 tokens/s): peak memory.",
            Shape = RunShape.Streaming,
            Concurrency = 1000,
            UpstreamLatency = TimeSpan.FromSeconds(2),
            UpstreamTokensPerSecond = 20,
            MeasureDirect = false,
            MinimumWarmup = TimeSpan.FromSeconds(8),
            MinimumDuration = TimeSpan.FromSeconds(20),

            // The default bulkhead (256 calls in flight, 512 queued per provider) would refuse part of 1,000
            // concurrent runs by design; this scenario measures memory, so the bulkhead is widened.
            ExtraSettings = new Dictionary<string, string>
            {
                ["Resilience__MaxConcurrencyPerProvider"] = "2000",
                ["Resilience__MaxQueuePerProvider"] = "2000",
            },
            Targets = [new(Metrics.PeakRss, 250), new(Metrics.IdleRss, 120), NoErrors],
        });
        AddDirectClientScenarios(scenarios);
        return scenarios;
    }

    /// <summary>
    /// The in-memory throughput, streaming and memory scenarios again with the hand-written Anthropic client
    /// (<c>Providers:Anthropic:Client=direct</c>), so every full run measures both clients side by side. The
    /// 1,000-stream one also caps the GC heap at 128 MB (<c>DOTNET_GCHeapHardLimit</c>), the setting that holds
    /// its peak under the target.
    /// </summary>
    private static void AddDirectClientScenarios(List<Scenario> scenarios)
    {
        const string Direct = "-direct";
        var client = new Dictionary<string, string> { ["Providers__Anthropic__Client"] = "direct" };
        foreach (string name in new[] { "single-50ms-memory", "ceiling-0ms-memory", "stream-50ms-memory", "stream-1000-memory" })
        {
            Scenario sdk = scenarios.Single(s => s.Name == name);
            var settings = new Dictionary<string, string>(sdk.ExtraSettings);
            foreach ((string key, string value) in client)
            {
                settings[key] = value;
            }

            string description = sdk.Description + " Hand-written Anthropic client.";
            if (name == "stream-1000-memory")
            {
                settings["DOTNET_GCHeapHardLimit"] = "0x8000000";
                description += " GC heap capped at 128 MB.";
            }

            scenarios.Add(sdk with { Name = name + Direct, Description = description, ExtraSettings = settings });
        }
    }
}
