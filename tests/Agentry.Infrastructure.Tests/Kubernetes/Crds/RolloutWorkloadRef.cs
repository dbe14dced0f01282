namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class RolloutWorkloadRef
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    /// <summary>never, onsuccess or progressively: what happens to the referenced Deployment's own pods.</summary>
    public string? ScaleDown { get; set; }
}
