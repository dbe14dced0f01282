using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>The multi-region example: two regions over one manifest set, told apart by their region label.</summary>
public sealed class MultiRegionTests
{
    public static TheoryData<string> Regions => ["us-east-1", "eu-west-1"];

    [Theory]
    [MemberData(nameof(Regions))]
    public void Region_RendersTheProductionObjects_EachLabelledWithItsRegion(string region)
    {
        RenderedOverlay production = KustomizeOverlays.Render("overlays/production");
        RenderedOverlay regional = KustomizeOverlays.Render($"overlays/multi-region/{region}");
        Assert.Equal(Identities(production), Identities(regional));

        foreach (IKubernetesObject<V1ObjectMeta> item in regional.WithMetadata())
        {
            Assert.Equal(region, item.Metadata.Labels["agentry.io/region"]);
        }

        foreach (PodTemplate pod in PodTemplate.In(regional))
        {
            Assert.Equal(region, pod.Labels["agentry.io/region"]);
        }

        Assert.Equal($"cloud.region={region}", regional.Named<V1ConfigMap>("agent-config").Data["OTEL_RESOURCE_ATTRIBUTES"]);
    }

    [Fact]
    public void Regions_DifferOnlyInTheirRegion()
    {
        string east = KustomizeOverlays.Render("overlays/multi-region/us-east-1").Yaml;
        string west = KustomizeOverlays.Render("overlays/multi-region/eu-west-1").Yaml;
        Assert.Equal(east, west.Replace("eu-west-1", "us-east-1", StringComparison.Ordinal));
    }

    private static List<string> Identities(RenderedOverlay overlay) =>
        overlay.WithMetadata().Select(o => $"{o.ApiVersion}/{o.Kind}/{o.Metadata.NamespaceProperty}/{o.Metadata.Name}").Order(StringComparer.Ordinal).ToList();
}
