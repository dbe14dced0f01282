using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class CanaryStrategy
{
    public IntOrString? MaxSurge { get; set; }

    public IntOrString? MaxUnavailable { get; set; }

    public string? CanaryService { get; set; }

    public string? StableService { get; set; }

    /// <summary>Background analysis: runs from <c>StartingStep</c> until the release is promoted or aborted.</summary>
    public RolloutAnalysis? Analysis { get; set; }

    public IList<CanaryStep> Steps { get; set; } = [];
}
