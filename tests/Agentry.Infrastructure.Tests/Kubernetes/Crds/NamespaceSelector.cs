namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class NamespaceSelector
{
    public bool? Any { get; set; }

    public IList<string>? MatchNames { get; set; }
}
