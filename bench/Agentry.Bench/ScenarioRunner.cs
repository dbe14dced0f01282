using System.Globalization;
using System.Runtime.InteropServices;
using Agentry.Bench.Load;
using Agentry.Bench.Processes;
using Agentry.Bench.Results;
using Agentry.Bench.Scenarios;

namespace Agentry.Bench;

/// <summary>
/// Runs one scenario: starts the simulator with the scenario's latency and the service pointed at it as its
/// Anthropic provider (the real SDK path), sends the model calls straight to the simulator, then the runs
/// through the service, and gathers the figures. Every process it starts it stops.
/// </summary>
internal sealed class ScenarioRunner(BenchPaths paths, BenchOptions options, Action<string> log)
{
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(2);

    public async Task<ScenarioResult> RunAsync(Scenario scenario, RedisProcess? redis, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        string logs = Directory.CreateTempSubdirectory($"agentry-bench-{scenario.Name}-").FullName;
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        string loadAtStart = MachineConditions.LoadAverage();
        if (redis is not null)
        {
            await redis.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        Uri simulatorUri = new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{FreePort.Next()}"));
        await using ChildProcess simulator = await StartSimulatorAsync(scenario, simulatorUri, logs, cancellationToken).ConfigureAwait(false);
        int apiPort = FreePort.Next();
        int managementPort = FreePort.Next();
        Uri api = new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{apiPort}"));
        Uri management = new(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{managementPort}"));
        await using ChildProcess service = scenario.PassThrough
            ? ChildProcess.Start("pass-through", "dotnet", [paths.PassThroughAssembly], PassThroughSettings(api, management, simulatorUri), Path.Combine(logs, "pass-through.log"), ChildProcess.QuietDirectory(logs))
            : ChildProcess.Start("agentry", "dotnet", [paths.ApiAssembly], ServiceSettings(scenario, api, management, simulatorUri, redis, options.ServiceSettings), Path.Combine(logs, "agentry.log"), ChildProcess.QuietDirectory(logs));
        await Readiness.WaitForHttpAsync(service, new Uri(management, "/health/ready"), cancellationToken).ConfigureAwait(false);
        await Task.Delay(IdleSettle, cancellationToken).ConfigureAwait(false);
        double idleRss = service.Snapshot().RssMb;

        LoadSettings load = new()
        {
            Concurrency = options.Concurrency ?? scenario.Concurrency,
            Warmup = options.Warmup > scenario.MinimumWarmup ? options.Warmup : scenario.MinimumWarmup,
            Duration = options.Duration > scenario.MinimumDuration ? options.Duration : scenario.MinimumDuration,
            MaxRuns = options.MaxRuns,
        };

        LoadPhaseResult? direct = null;
        if (scenario.MeasureDirect && RunPlans.Direct(scenario, simulatorUri) is { } directPlan)
        {
            log($"  direct to the simulator: {load.Concurrency} clients, {load.Warmup.TotalSeconds} s warm-up + {load.Duration.TotalSeconds} s");
            direct = await LoadGenerator.RunAsync("simulator", directPlan, load, observer: null, cancellationToken).ConfigureAwait(false);
        }

        if (scenario.Shape == RunShape.CacheHit)
        {
            await PrimeCacheAsync(api, cancellationToken).ConfigureAwait(false);
        }

        log($"  through the service: {load.Concurrency} clients, {load.Warmup.TotalSeconds} s warm-up + {load.Duration.TotalSeconds} s");
        using var observer = new ServiceObserver(service, simulator, redis, new Uri(management, "/metrics"));
        LoadPhaseResult through = await LoadGenerator.RunAsync(scenario.PassThrough ? "pass-through" : "agentry", RunPlans.Service(scenario, api), load, observer, cancellationToken).ConfigureAwait(false);
        ProcessSnapshot finalService = service.Snapshot();

        long runs = Math.Max(1, through.CompletedRuns);
        double windowCpu = observer.ServiceEnd.CpuSeconds - observer.ServiceStart.CpuSeconds;
        var resources = new ServiceResources
        {
            IdleRssMb = idleRss,
            PeakRssMb = finalService.PeakRssMb,
            CpuSecondsPer1000Runs = Math.Round(windowCpu / runs * 1000, 4),
            CpuCoresUsed = Math.Round(windowCpu / load.Duration.TotalSeconds, 2),
            AllocatedBytesPerRun = Math.Round((observer.CountersEnd.AllocatedBytes - observer.CountersStart.AllocatedBytes) / runs),
            RedisRoundTripsPerRun = Math.Round((observer.CountersEnd.RedisCalls - observer.CountersStart.RedisCalls) / runs, 3),
            RedisRoundTripsByOperation = MetricsScrape.PerRun(observer.CountersStart, observer.CountersEnd, runs),
            RunsInFlightAtWindowEnd = observer.CountersEnd.RunsInFlight,
            RedisFailedCalls = observer.CountersEnd.RedisFailures - observer.CountersStart.RedisFailures,
            SimulatorCpuSecondsPer1000Runs = Math.Round((observer.SimulatorEnd.CpuSeconds - observer.SimulatorStart.CpuSeconds) / runs * 1000, 4),
            RedisCpuSecondsPer1000Runs = redis is null ? null : Math.Round((observer.RedisEnd.CpuSeconds - observer.RedisStart.CpuSeconds) / runs * 1000, 4),
        };

        var result = new ScenarioResult
        {
            Scenario = scenario.Name,
            Description = scenario.Description,
            StartedAt = startedAt,
            Settings = new ScenarioSettings(
                scenario.Shape.ToString(), scenario.Store.ToString(), load.Concurrency, scenario.UpstreamLatency.TotalMilliseconds,
                scenario.UpstreamTokensPerSecond, scenario.LogLevel, load.Warmup.TotalSeconds, load.Duration.TotalSeconds,
                Merge(scenario.ExtraSettings, options.ServiceSettings)),
            Machine = new MachineConditions(Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, loadAtStart, MachineConditions.LoadAverage()),
            Service = through,
            Direct = direct,
            AddedLatencyMs = Percentiles.Subtract(through.LatencyMs, direct?.LatencyMs),
            AddedTtftMs = Percentiles.Subtract(through.TimeToFirstTokenMs, direct?.TimeToFirstTokenMs),
            AddedTtfbMs = Percentiles.Subtract(through.TimeToFirstByteMs, direct?.TimeToFirstByteMs),
            Errors = through.Errors + (direct?.Errors ?? 0),
            Resources = resources,
            Targets = [],
        };
        result = result with { Targets = TargetChecks.Evaluate(scenario, result) };
        if (result.Errors > 0)
        {
            log($"  errors: {string.Join(" | ", through.ErrorSamples.Concat(direct?.ErrorSamples ?? []))}");
            log($"  service log tail:\n{service.LogTail(10)}");
        }

        TryDelete(logs, keep: result.Errors > 0);
        return result;
    }

    private async Task<ChildProcess> StartSimulatorAsync(Scenario scenario, Uri address, string logs, CancellationToken cancellationToken)
    {
        string[] arguments =
        [
            paths.SimulatorAssembly,
            "--urls", address.ToString().TrimEnd('/'),
            "--Simulator:Latency", scenario.UpstreamLatency.ToString("c", CultureInfo.InvariantCulture),
            "--Simulator:TokensPerSecond", scenario.UpstreamTokensPerSecond.ToString(CultureInfo.InvariantCulture),
        ];
        ChildProcess simulator = ChildProcess.Start("simulator", "dotnet", arguments, new Dictionary<string, string> { ["DOTNET_ENVIRONMENT"] = "Production" }, Path.Combine(logs, "simulator.log"), ChildProcess.QuietDirectory(logs));
        try
        {
            await Readiness.WaitForHttpAsync(simulator, new Uri(address, "/health"), cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await simulator.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return simulator;
    }

    private static Dictionary<string, string> ServiceSettings(Scenario scenario, Uri api, Uri management, Uri simulator, RedisProcess? redis, IReadOnlyDictionary<string, string> extra)
    {
        var settings = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Kestrel__Endpoints__Api__Url"] = api.ToString(),
            ["Kestrel__Endpoints__Management__Url"] = management.ToString(),
            ["Logging__LogLevel__Default"] = scenario.LogLevel,
            ["Providers__Anthropic__ApiKey"] = "sk-ant-bench",
            ["Providers__Anthropic__BaseUrl"] = simulator.ToString().TrimEnd('/'),
            ["Agents__assistant__Provider"] = "anthropic",
            [$"Agents__{RunPlans.CachedAgent}__Description"] = "Deterministic agent whose answers are cached.",
            [$"Agents__{RunPlans.CachedAgent}__Provider"] = "anthropic",
            [$"Agents__{RunPlans.CachedAgent}__Model"] = "claude-sonnet-4-5",
            [$"Agents__{RunPlans.CachedAgent}__Temperature"] = "0",
            [$"Agents__{RunPlans.CachedAgent}__Tools__0"] = "calculator",
            [$"Agents__{RunPlans.CachedAgent}__ResponseCache__Enabled"] = "true",
            [$"Agents__{RunPlans.CachedAgent}__ResponseCache__TimeToLive"] = "01:00:00",
        };
        if (redis is not null)
        {
            settings["ConnectionStrings__Redis"] = redis.ConnectionString;
        }

        foreach ((string key, string value) in BenchApiKey.ServiceSettings())
        {
            settings[key] = value;
        }

        foreach ((string key, string value) in Merge(scenario.ExtraSettings, extra))
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>The scenario's own settings, then the command line's (<c>--set</c>), which win.</summary>
    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> scenario, IReadOnlyDictionary<string, string> commandLine)
    {
        var merged = new Dictionary<string, string>(scenario, StringComparer.Ordinal);
        foreach ((string key, string value) in commandLine)
        {
            merged[key] = value;
        }

        return merged;
    }

    private static Dictionary<string, string> PassThroughSettings(Uri api, Uri management, Uri simulator) => new()
    {
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["ASPNETCORE_URLS"] = $"{api.ToString().TrimEnd('/')};{management.ToString().TrimEnd('/')}",
        ["Upstream"] = simulator.ToString(),
    };

    private static async Task PrimeCacheAsync(Uri api, CancellationToken cancellationToken)
    {
        LoadStep step = RunPlans.CacheHitStep(api);
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = BenchApiKey.Header;
        using var content = new ByteArrayContent(step.Body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        using HttpResponseMessage response = await client.PostAsync(step.Uri, content, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    private static void TryDelete(string directory, bool keep)
    {
        if (keep)
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
