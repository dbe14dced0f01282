using Agentry.Infrastructure.Tests.Kubernetes.Crds;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>Every workload ships with what keeps it safe and visible: a PDB, NetworkPolicies, a ServiceMonitor.</summary>
public sealed class WorkloadCoverageTests
{
    public static TheoryData<string> Overlays => KustomizeOverlays.DeployableData();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryDeployment_IsCoveredByAPodDisruptionBudget(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (V1Deployment deployment in rendered.All<V1Deployment>())
        {
            IDictionary<string, string> labels = deployment.Spec.Template.Metadata.Labels;
            V1PodDisruptionBudget pdb = Assert.Single(rendered.All<V1PodDisruptionBudget>(), p => Selectors.Matches(p.Spec.Selector, labels));
            Assert.True(pdb.Spec.MaxUnavailable is not null || pdb.Spec.MinAvailable is not null, $"{pdb.Metadata.Name} sets neither bound.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryPod_IsSelectedByADedicatedNetworkPolicy(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (PodTemplate pod in PodTemplate.In(rendered))
        {
            Assert.True(
                rendered.All<V1NetworkPolicy>().Any(p => Selectors.Keys(p.Spec.PodSelector).Any() && Selectors.Matches(p.Spec.PodSelector, pod.Labels)),
                $"{pod}: no NetworkPolicy of its own selects it (only the default deny would).");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryServingWorkload_IsScrapedByAServiceMonitor(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (PodTemplate pod in PodTemplate.In(rendered).Where(p => p.Kind is "Deployment" or "StatefulSet"))
        {
            var scraped = (
                from monitor in rendered.All<ServiceMonitor>()
                from service in rendered.All<V1Service>()
                where Selectors.Matches(monitor.Spec.Selector, service.Metadata.Labels)
                    && Selectors.Matches(service.Spec.Selector, pod.Labels)
                from endpoint in monitor.Spec.Endpoints
                let servicePort = service.Spec.Ports.SingleOrDefault(p => p.Name == endpoint.Port)
                where servicePort is not null
                select (Monitor: monitor, Service: service, Endpoint: endpoint, ServicePort: servicePort)).ToList();
            Assert.True(scraped.Count > 0, $"{pod}: no ServiceMonitor reaches it through a Service port.");
            foreach ((ServiceMonitor monitor, V1Service service, ServiceMonitorEndpoint endpoint, V1ServicePort servicePort) in scraped)
            {
                Assert.Equal("/metrics", endpoint.Path);
                Assert.Equal("ClusterIP", service.Spec.Type ?? "ClusterIP");
                Assert.True(
                    pod.AllContainers.Any(c => c.Ports?.Any(p => p.Name == servicePort.TargetPort.Value || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == servicePort.TargetPort.Value) == true),
                    $"{monitor.Metadata.Name}: Service {service.Metadata.Name} port {servicePort.Name} targets '{servicePort.TargetPort.Value}', which no container of {pod} declares.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AgentServiceMonitor_ScrapesTheManagementPort(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        ServiceMonitor monitor = rendered.Named<ServiceMonitor>("agent");
        ServiceMonitorEndpoint endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("management", endpoint.Port);
        V1Service service = Assert.Single(rendered.All<V1Service>(), s => Selectors.Matches(monitor.Spec.Selector, s.Metadata.Labels) && s.Spec.Ports.Any(p => p.Name == "management"));
        Assert.Equal(AgentDeploymentTests.ManagementPort, AgentDeploymentTests.ResolvePort(AgentDeploymentTests.Agent(overlay), service.Spec.Ports.Single(p => p.Name == "management").TargetPort));
        Assert.Equal("kube-prometheus-stack", monitor.Metadata.Labels["release"]);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_PublicServices_NeverExposeTheManagementPort(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V1Container agent = AgentDeploymentTests.Agent(overlay);
        List<V1Service> exposed = rendered.All<V1Service>().Where(s => s.Spec.Type is "LoadBalancer" or "NodePort").ToList();
        Assert.NotEmpty(exposed);
        foreach (V1ServicePort port in exposed.SelectMany(s => s.Spec.Ports))
        {
            Assert.Equal(AgentDeploymentTests.ApiPort, AgentDeploymentTests.ResolvePort(agent, port.TargetPort));
        }

        Assert.Empty(rendered.All<V1Ingress>());
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_RedisStatefulSet_PersistsWithAppendOnlyFile(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V1StatefulSet redis = rendered.Named<V1StatefulSet>("redis");
        V1Container server = Assert.Single(redis.Spec.Template.Spec.Containers, c => c.Name == "redis");
        Assert.Equal(["--appendonly", "yes"], server.Args.SkipWhile(a => a != "--appendonly").Take(2));
        V1PersistentVolumeClaim claim = Assert.Single(redis.Spec.VolumeClaimTemplates);
        Assert.Contains(server.VolumeMounts, m => m.Name == claim.Metadata.Name && m.MountPath == "/data");
        Assert.Contains(rendered.All<V1Service>(), s => s.Metadata.Name == redis.Spec.ServiceName && s.Spec.ClusterIP == "None");
        Assert.Contains(redis.Spec.Template.Spec.Containers, c => c.Image.Contains("redis_exporter", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryClaimAWorkloadMounts_Exists(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (PodTemplate pod in PodTemplate.In(rendered))
        {
            foreach (V1Volume volume in (pod.Spec.Volumes ?? []).Where(v => v.PersistentVolumeClaim is not null))
            {
                Assert.Contains(rendered.All<V1PersistentVolumeClaim>(), c => c.Metadata.Name == volume.PersistentVolumeClaim.ClaimName);
            }
        }
    }
}
