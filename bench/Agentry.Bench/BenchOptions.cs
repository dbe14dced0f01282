using System.Globalization;

namespace Agentry.Bench;

/// <summary>Command-line options: which scenarios, how long, where the results go.</summary>
internal sealed record BenchOptions
{
    public string Scenarios { get; init; } = "all";

    public TimeSpan Warmup { get; init; } = TimeSpan.FromSeconds(5);

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Overrides every scenario's client count (for a quick look; results then differ from the scenario's definition).</summary>
    public int? Concurrency { get; init; }

    public long MaxRuns { get; init; } = 3_000_000;

    /// <summary>Folder of the result files; <c>bench/results</c> by default.</summary>
    public string? Output { get; init; }

    public bool List { get; init; }

    /// <summary>Extra environment of the service (<c>--set KEY=VALUE</c>), to measure a setting's effect.</summary>
    public IReadOnlyDictionary<string, string> ServiceSettings { get; init; } = new Dictionary<string, string>();

    public const string Usage = """
        Usage: bench/run.sh [--scenario NAME[,NAME...]|all] [--duration SECONDS] [--warmup SECONDS]
                            [--concurrency N] [--max-runs N] [--out FOLDER] [--set KEY=VALUE]... [--list]
        Writes FOLDER/<scenario>.json (default bench/results) and prints a summary line per scenario.
        --set adds an environment variable to the service (e.g. --set Logging__LogLevel__Default=Information).
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var options = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string arg = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{arg} needs a value.\n{Usage}");
            options = arg switch
            {
                "--scenario" or "--scenarios" => options with { Scenarios = Value() },
                "--duration" => options with { Duration = Seconds(Value(), arg) },
                "--warmup" => options with { Warmup = Seconds(Value(), arg) },
                "--concurrency" => options with { Concurrency = Positive(Value(), arg) },
                "--max-runs" => options with { MaxRuns = Positive(Value(), arg) },
                "--out" => options with { Output = Value() },
                "--list" => options with { List = true },
                "--set" => options with { ServiceSettings = With(options.ServiceSettings, Value()) },
                _ => throw new ArgumentException($"Unknown option '{arg}'.\n{Usage}"),
            };
        }

        return options;
    }

    private static Dictionary<string, string> With(IReadOnlyDictionary<string, string> settings, string pair)
    {
        int equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new ArgumentException($"--set needs KEY=VALUE, not '{pair}'.");
        }

        return new Dictionary<string, string>(settings) { [pair[..equals]] = pair[(equals + 1)..] };
    }

    private static TimeSpan Seconds(string value, string name) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && seconds > 0 && seconds <= 600
            ? TimeSpan.FromSeconds(seconds)
            : throw new ArgumentException($"{name} must be a number of seconds between 0 and 600, not '{value}'.");

    private static int Positive(string value, string name) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out int number) && number > 0
            ? number
            : throw new ArgumentException($"{name} must be a positive whole number, not '{value}'.");
}
