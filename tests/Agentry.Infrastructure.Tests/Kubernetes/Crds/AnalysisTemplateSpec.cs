namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class AnalysisTemplateSpec
{
    public IList<AnalysisArgument>? Args { get; set; }

    public IList<AnalysisMetric> Metrics { get; set; } = [];
}
