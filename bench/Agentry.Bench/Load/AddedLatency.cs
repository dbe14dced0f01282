namespace Agentry.Bench.Load;

/// <summary>The service's share of a latency: its percentile minus the same percentile of the upstream alone.</summary>
internal sealed record AddedLatency(double P50, double P90, double P99, double Mean);
