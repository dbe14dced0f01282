namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class AnalysisTemplateRef
{
    public string TemplateName { get; set; } = string.Empty;

    public bool? ClusterScope { get; set; }
}
