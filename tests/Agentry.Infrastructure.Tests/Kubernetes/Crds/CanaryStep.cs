namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>One step of a canary: exactly one of its fields is set.</summary>
public sealed class CanaryStep
{
    public int? SetWeight { get; set; }

    public CanaryPause? Pause { get; set; }

    public RolloutAnalysis? Analysis { get; set; }
}
