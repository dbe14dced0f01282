namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class PrometheusRuleSpec
{
    public IList<PrometheusRuleGroup> Groups { get; set; } = [];
}
