namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class PrometheusMetric
{
    public string Address { get; set; } = string.Empty;

    public string Query { get; set; } = string.Empty;

    public string? Timeout { get; set; }
}
