namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class AnalysisArgument
{
    public string Name { get; set; } = string.Empty;

    /// <summary>A default in a template, the value in a Rollout.</summary>
    public string? Value { get; set; }
}
