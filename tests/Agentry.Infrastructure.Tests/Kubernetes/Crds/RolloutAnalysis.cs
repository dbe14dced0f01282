namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class RolloutAnalysis
{
    public IList<AnalysisTemplateRef> Templates { get; set; } = [];

    public IList<AnalysisArgument>? Args { get; set; }

    public int? StartingStep { get; set; }
}
