namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class MetricProvider
{
    public PrometheusMetric? Prometheus { get; set; }
}
