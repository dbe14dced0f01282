namespace Agentry.Bench.Results;

/// <summary>One performance target and whether this run met it.</summary>
internal sealed record TargetCheck(string Metric, string Goal, double? Measured, bool Met);
