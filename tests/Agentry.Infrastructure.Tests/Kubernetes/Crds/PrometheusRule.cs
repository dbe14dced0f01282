using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>prometheus-operator's <c>monitoring.coreos.com/v1</c> PrometheusRule: Prometheus rule groups as a Kubernetes object.</summary>
public sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public PrometheusRuleSpec Spec { get; set; } = new();
}
