namespace Agentry.Bench.Results;

/// <summary>The settings a scenario ran with.</summary>
internal sealed record ScenarioSettings(
    string Shape,
    string Store,
    int Concurrency,
    double UpstreamLatencyMs,
    double UpstreamTokensPerSecond,
    string LogLevel,
    double WarmupSeconds,
    double DurationSeconds,
    IReadOnlyDictionary<string, string> ExtraSettings);
