namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class RolloutStrategy
{
    public CanaryStrategy? Canary { get; set; }
}
