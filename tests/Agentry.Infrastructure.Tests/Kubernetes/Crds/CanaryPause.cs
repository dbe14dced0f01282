namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class CanaryPause
{
    /// <summary>A Go duration (5m); none pauses until someone promotes by hand.</summary>
    public string? Duration { get; set; }
}
