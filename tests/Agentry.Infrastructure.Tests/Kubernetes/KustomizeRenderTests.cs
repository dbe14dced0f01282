using Agentry.Infrastructure.Tests.Support;
using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

public sealed class KustomizeRenderTests
{
    private static readonly string[] RecommendedLabels =
    [
        "app.kubernetes.io/name",
        "app.kubernetes.io/component",
        "app.kubernetes.io/part-of",
        "app.kubernetes.io/version",
    ];

    [Fact]
    public void Kustomizations_EveryFolder_RendersAndLoadsStrictly()
    {
        IReadOnlyList<string> all = KustomizeOverlays.AllKustomizations();
        Assert.Contains("base", all);
        Assert.Contains(".", all);
        foreach (string expected in KustomizeOverlays.Deployable)
        {
            Assert.Contains(expected, all);
        }

        foreach (string kustomization in all)
        {
            RenderedOverlay rendered = KustomizeOverlays.Render(kustomization);
            Assert.NotEmpty(rendered.Objects);
        }
    }

    [Fact]
    public void StrictLoad_UnknownField_Fails()
    {
        // The guard the whole suite leans on: a misspelt field must not load silently.
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: x
            spec:
              replica: 3
            """;
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KustomizeOverlays.LoadStrict(yaml));
    }

    [Fact]
    public void StrictLoad_UnknownServiceMonitorField_Fails()
    {
        const string yaml = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: x
            spec:
              selector: {}
              endpoints:
                - port: management
                  intervall: 15s
            """;
        Assert.ThrowsAny<YamlDotNet.Core.YamlException>(() => KustomizeOverlays.LoadStrict(yaml));
    }

    [Theory]
    [MemberData(nameof(KustomizeOverlays.DeployableData), MemberType = typeof(KustomizeOverlays))]
    public void Overlay_EveryObjectAndPodTemplate_CarriesTheRecommendedLabels(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (IKubernetesObject<V1ObjectMeta> item in rendered.WithMetadata())
        {
            AssertLabels($"{item.Kind}/{item.Metadata.Name}", item.Metadata.Labels);
        }

        foreach (PodTemplate pod in PodTemplate.In(rendered))
        {
            AssertLabels($"pod template of {pod}", pod.Labels);
        }
    }

    [Theory]
    [MemberData(nameof(KustomizeOverlays.DeployableData), MemberType = typeof(KustomizeOverlays))]
    public void Overlay_Selectors_NeverHoldVersionOrPartOf(string overlay)
    {
        // Selectors are immutable: a version in one would make every upgrade fail to apply.
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        var selectorKeys = new List<(string Owner, IEnumerable<string> Keys)>();
        selectorKeys.AddRange(rendered.All<V1Deployment>().Select(d => ($"Deployment/{d.Metadata.Name}", Selectors.Keys(d.Spec.Selector))));
        selectorKeys.AddRange(rendered.All<V1StatefulSet>().Select(s => ($"StatefulSet/{s.Metadata.Name}", Selectors.Keys(s.Spec.Selector))));
        selectorKeys.AddRange(rendered.All<V1PodDisruptionBudget>().Select(p => ($"PodDisruptionBudget/{p.Metadata.Name}", Selectors.Keys(p.Spec.Selector))));
        selectorKeys.AddRange(rendered.All<V1Service>().Select(s => ($"Service/{s.Metadata.Name}", (IEnumerable<string>)(s.Spec.Selector?.Keys ?? []))));
        foreach ((string owner, IEnumerable<string> keys) in selectorKeys)
        {
            Assert.DoesNotContain("app.kubernetes.io/version", keys);
            Assert.DoesNotContain("app.kubernetes.io/part-of", keys);
            Assert.True(keys.Any(), $"{owner} has an empty selector.");
        }
    }

    [Theory]
    [MemberData(nameof(KustomizeOverlays.DeployableData), MemberType = typeof(KustomizeOverlays))]
    public void Overlay_NamespacedObjects_AllLiveInTheOverlayNamespace(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V1Namespace ns = Assert.Single(rendered.All<V1Namespace>());
        Assert.Equal("restricted", ns.Metadata.Labels["pod-security.kubernetes.io/enforce"]);
        foreach (IKubernetesObject<V1ObjectMeta> item in rendered.WithMetadata().Where(o => o is not V1Namespace))
        {
            Assert.True(ns.Metadata.Name == item.Metadata.NamespaceProperty, $"{item.Kind}/{item.Metadata.Name} is in '{item.Metadata.NamespaceProperty}', not '{ns.Metadata.Name}'.");
        }
    }

    [Theory]
    [MemberData(nameof(KustomizeOverlays.DeployableData), MemberType = typeof(KustomizeOverlays))]
    public void Overlay_RendersNoSecret(string overlay)
    {
        // The Secret is created by hand or by a secret manager; the repository only has a template.
        Assert.Empty(KustomizeOverlays.Render(overlay).All<V1Secret>());
    }

    [Fact]
    public void TopLevelKustomization_IsTheProductionOverlay()
    {
        // The guide's quick start runs `kubectl apply -k .` in infrastructure/kubernetes.
        Assert.Equal(KustomizeOverlays.Render("overlays/production").Yaml, KustomizeOverlays.Render(".").Yaml);
    }

    [Fact]
    public void SecretTemplate_LoadsAsTheSecretTheDeploymentMounts_WithNoRealKey()
    {
        string path = Path.Combine(RepositoryLayout.Kubernetes, "base", "secret.yaml.template");
        V1Secret secret = Assert.IsType<V1Secret>(Assert.Single(KustomizeOverlays.LoadStrict(File.ReadAllText(path))));
        Assert.Equal("agent-secrets", secret.Metadata.Name);
        string key = Assert.Contains("anthropic-api-key", secret.StringData);
        Assert.DoesNotContain("sk-ant-", key, StringComparison.Ordinal);

        V1Deployment deployment = KustomizeOverlays.Render("overlays/production").Named<V1Deployment>("agent-deployment");
        V1Volume volume = Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.Secret is not null);
        Assert.Equal(secret.Metadata.Name, volume.Secret.SecretName);
        Assert.Contains(volume.Secret.Items, item => item.Key == "anthropic-api-key");
    }

    private static void AssertLabels(string owner, IDictionary<string, string>? labels)
    {
        foreach (string label in RecommendedLabels)
        {
            Assert.True(labels is not null && labels.TryGetValue(label, out string? value) && !string.IsNullOrWhiteSpace(value), $"{owner} lacks the label {label}.");
        }
    }
}
