namespace Agentry.Bench.Load;

/// <summary>A latency distribution in milliseconds, computed exactly from every recorded sample (nearest rank).</summary>
internal sealed record Percentiles(long Count, double Mean, double P50, double P90, double P99, double P999, double Max)
{
    public static Percentiles? From(List<long> ticks, long ticksPerSecond)
    {
        if (ticks.Count == 0)
        {
            return null;
        }

        ticks.Sort();
        double toMs = 1000.0 / ticksPerSecond;
        double sum = 0;
        foreach (long t in ticks)
        {
            sum += t;
        }

        return new Percentiles(
            ticks.Count,
            Round(sum / ticks.Count * toMs),
            Round(At(ticks, 0.50) * toMs),
            Round(At(ticks, 0.90) * toMs),
            Round(At(ticks, 0.99) * toMs),
            Round(At(ticks, 0.999) * toMs),
            Round(ticks[^1] * toMs));
    }

    /// <summary>p50, p90, p99 and max of <paramref name="service"/> minus those of <paramref name="direct"/>.</summary>
    public static AddedLatency? Subtract(Percentiles? service, Percentiles? direct) =>
        service is null || direct is null
            ? null
            : new AddedLatency(Round(service.P50 - direct.P50), Round(service.P90 - direct.P90), Round(service.P99 - direct.P99), Round(service.Mean - direct.Mean));

    private static long At(List<long> sorted, double quantile)
    {
        int rank = (int)Math.Ceiling(quantile * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    private static double Round(double value) => Math.Round(value, 3);
}
