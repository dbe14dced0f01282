using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>
/// Argo Rollouts' <c>argoproj.io/v1alpha1</c> AnalysisTemplate with the Prometheus provider only, reduced to the
/// fields these manifests may use. Loaded strictly, like the other custom resources.
/// </summary>
public sealed class AnalysisTemplate : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public AnalysisTemplateSpec Spec { get; set; } = new();
}
