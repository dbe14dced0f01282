using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>One kustomization rendered by <c>kubectl kustomize</c> and loaded, strictly, into typed models.</summary>
public sealed class RenderedOverlay
{
    public RenderedOverlay(string name, string yaml, IReadOnlyList<object> objects)
    {
        Name = name;
        Yaml = yaml;
        Objects = objects;
    }

    /// <summary>Path of the kustomization folder, relative to infrastructure/kubernetes.</summary>
    public string Name { get; }

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T Named<T>(string name)
        where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(All<T>(), item => item.Metadata.Name == name);

    public IEnumerable<IKubernetesObject<V1ObjectMeta>> WithMetadata() => Objects.OfType<IKubernetesObject<V1ObjectMeta>>();

    public override string ToString() => Name;
}
