using System.Collections.Concurrent;
using Agentry.Infrastructure.Tests.Kubernetes.Crds;
using Agentry.Infrastructure.Tests.Support;
using k8s;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>
/// Every kustomization under infrastructure/kubernetes, rendered once per test run by the real <c>kubectl kustomize</c>
/// and loaded with the official client's models in strict mode (an unknown or misspelt field throws).
/// </summary>
internal static class KustomizeOverlays
{
    /// <summary>The overlays a user deploys; the base and the folder's own kustomization are rendered too.</summary>
    public static readonly string[] Deployable =
    [
        "overlays/development",
        "overlays/production",
        "overlays/multi-region/us-east-1",
        "overlays/multi-region/eu-west-1",
        "overlays/canary",
    ];

    private static readonly ConcurrentDictionary<string, Lazy<RenderedOverlay>> Cache = new(StringComparer.Ordinal);

    /// <summary>CRDs the client has no model for: our own strict models stand in.</summary>
    private static readonly Dictionary<string, Type> CustomResources = new(StringComparer.Ordinal)
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
        ["argoproj.io/v1alpha1/Rollout"] = typeof(Rollout),
        ["argoproj.io/v1alpha1/AnalysisTemplate"] = typeof(AnalysisTemplate),
    };

    public static TheoryData<string> DeployableData() => [.. Deployable];

    /// <summary>Every folder holding a kustomization.yaml, relative to infrastructure/kubernetes ("." for the top).</summary>
    public static IReadOnlyList<string> AllKustomizations() =>
        Directory.EnumerateFiles(RepositoryLayout.Kubernetes, "kustomization.yaml", SearchOption.AllDirectories)
            .Select(file => Path.GetRelativePath(RepositoryLayout.Kubernetes, Path.GetDirectoryName(file)!).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    public static RenderedOverlay Render(string kustomization) =>
        Cache.GetOrAdd(kustomization, name => new Lazy<RenderedOverlay>(() => RenderNow(name))).Value;

    public static IReadOnlyList<object> LoadStrict(string yaml) =>
        KubernetesYaml.LoadAllFromString(yaml, CustomResources, strict: true);

    private static RenderedOverlay RenderNow(string kustomization)
    {
        string folder = Path.GetFullPath(Path.Combine(RepositoryLayout.Kubernetes, kustomization));
        ToolResult result = HostCommand.Run("kubectl", ["kustomize", folder]);
        Assert.True(result.ExitCode == 0, result.Describe($"kubectl kustomize {kustomization}"));
        IReadOnlyList<object> objects;
        try
        {
            objects = LoadStrict(result.StandardOutput);
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or KeyNotFoundException)
        {
            throw new Xunit.Sdk.XunitException($"{kustomization}: a rendered object does not load strictly into the typed models: {Describe(ex)}");
        }

        return new RenderedOverlay(kustomization, result.StandardOutput, objects);
    }

    private static string Describe(Exception ex) =>
        ex.InnerException is null ? ex.Message : $"{ex.Message} <- {Describe(ex.InnerException)}";
}
