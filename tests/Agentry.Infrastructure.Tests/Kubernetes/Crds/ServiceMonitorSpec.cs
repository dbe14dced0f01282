using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public NamespaceSelector? NamespaceSelector { get; set; }

    public IList<ServiceMonitorEndpoint> Endpoints { get; set; } = [];

    public string? JobLabel { get; set; }

    public IList<string>? TargetLabels { get; set; }

    public IList<string>? PodTargetLabels { get; set; }

    public long? SampleLimit { get; set; }
}
