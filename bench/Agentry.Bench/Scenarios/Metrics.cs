namespace Agentry.Bench.Scenarios;

/// <summary>Names of the result figures a <see cref="Target"/> can check.</summary>
internal static class Metrics
{
    public const string AddedP50 = "added_latency_p50_ms";
    public const string AddedP99 = "added_latency_p99_ms";
    public const string AddedTtftP50 = "added_ttft_p50_ms";
    public const string RequestsPerSecond = "requests_per_second";
    public const string PeakRss = "peak_rss_mb";
    public const string IdleRss = "idle_rss_mb";
    public const string Errors = "errors";
}
