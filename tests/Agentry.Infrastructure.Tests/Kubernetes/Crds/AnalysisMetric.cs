namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class AnalysisMetric
{
    public string Name { get; set; } = string.Empty;

    public string? Interval { get; set; }

    public string? InitialDelay { get; set; }

    /// <summary>Measurements to take; none runs until the rollout ends (background analysis only).</summary>
    public int? Count { get; set; }

    public int? FailureLimit { get; set; }

    public int? InconclusiveLimit { get; set; }

    public int? ConsecutiveErrorLimit { get; set; }

    public string? SuccessCondition { get; set; }

    public string? FailureCondition { get; set; }

    public MetricProvider Provider { get; set; } = new();
}
