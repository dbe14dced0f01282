using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>
/// Argo Rollouts' <c>argoproj.io/v1alpha1</c> Rollout, reduced to the fields the canary overlay may use (checked
/// against the Rollout specification of Argo Rollouts 1.7). Loaded strictly: a field missing here fails the test.
/// </summary>
public sealed class Rollout : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public RolloutSpec Spec { get; set; } = new();
}
