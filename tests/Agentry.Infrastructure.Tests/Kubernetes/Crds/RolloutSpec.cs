using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class RolloutSpec
{
    public int? Replicas { get; set; }

    public int? RevisionHistoryLimit { get; set; }

    public int? MinReadySeconds { get; set; }

    public int? ProgressDeadlineSeconds { get; set; }

    public V1LabelSelector Selector { get; set; } = new();

    /// <summary>The Deployment whose pod template the Rollout runs (instead of a template of its own).</summary>
    public RolloutWorkloadRef? WorkloadRef { get; set; }

    public V1PodTemplateSpec? Template { get; set; }

    public RolloutStrategy Strategy { get; set; } = new();
}
