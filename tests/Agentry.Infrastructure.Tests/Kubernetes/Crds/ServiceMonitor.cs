using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>
/// prometheus-operator's <c>monitoring.coreos.com/v1</c> ServiceMonitor, reduced to the fields these manifests may
/// use. The official client has no model for CRDs; loaded strictly, a field missing here fails the test, so a new
/// field is a deliberate addition to this model (checked against the operator's API reference).
/// </summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}
