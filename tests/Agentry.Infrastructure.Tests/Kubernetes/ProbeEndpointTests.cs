using System.Net;
using Agentry.Infrastructure.Tests.Kubernetes.Crds;
using Agentry.Testing;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>
/// The probe and scrape paths the manifests name are asked of the real service, started in this process: each
/// answers on the management listener and is invisible on the public one.
/// </summary>
public sealed class ProbeEndpointTests
{
    [Fact]
    public async Task ProbeAndScrapePaths_AnswerOnTheManagementPortOnly()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render("overlays/production");
        V1Container agent = AgentDeploymentTests.Agent("overlays/production");
        var paths = new[] { agent.StartupProbe, agent.LivenessProbe, agent.ReadinessProbe }
            .Select(probe => probe.HttpGet.Path)
            .Concat(rendered.Named<ServiceMonitor>("agent").Spec.Endpoints.Select(e => e.Path!))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        Assert.Equal(3, paths.Count);

        await using AgentryServer server = await AgentryServer.StartAsync();
        foreach (string path in paths)
        {
            using HttpResponseMessage management = await server.Management.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(management.StatusCode == HttpStatusCode.OK, $"GET {path} on the management port answered {(int)management.StatusCode}.");
            using HttpResponseMessage api = await server.Api.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(api.StatusCode == HttpStatusCode.NotFound, $"GET {path} on the public API port answered {(int)api.StatusCode}; it must not exist there.");
        }
    }
}
