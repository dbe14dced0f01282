using System.Globalization;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>The agent Deployment against the service's contract: ports, probes, drain, rollout and scaling.</summary>
public sealed class AgentDeploymentTests
{
    public const int ManagementPort = 8000;
    public const int ApiPort = 8080;

    /// <summary>The paths the service serves for probes (Agentry.Api HealthChecks).</summary>
    public static readonly string[] ProbePaths = ["/health/live", "/health/ready"];

    public static TheoryData<string> Overlays => KustomizeOverlays.DeployableData();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AgentProbes_HitHealthPathsOnTheManagementPort(string overlay)
    {
        V1Container agent = Agent(overlay);
        Assert.Equal(ApiPort, Assert.Single(agent.Ports, p => p.Name == "http").ContainerPort);
        Assert.Equal(ManagementPort, Assert.Single(agent.Ports, p => p.Name == "management").ContainerPort);

        (string Kind, V1Probe? Probe, string Path)[] probes =
        [
            ("startup", agent.StartupProbe, "/health/live"),
            ("liveness", agent.LivenessProbe, "/health/live"),
            ("readiness", agent.ReadinessProbe, "/health/ready"),
        ];
        foreach ((string kind, V1Probe? probe, string path) in probes)
        {
            Assert.True(probe?.HttpGet is not null, $"{overlay}: the agent has no HTTP {kind} probe.");
            Assert.Equal(path, probe!.HttpGet.Path);
            Assert.Contains(probe.HttpGet.Path, ProbePaths);
            Assert.Equal(ManagementPort, ResolvePort(agent, probe.HttpGet.Port));
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryHttpProbe_TargetsAPortItsContainerDeclares(string overlay)
    {
        foreach (PodTemplate pod in PodTemplate.In(KustomizeOverlays.Render(overlay)))
        {
            foreach (V1Container container in pod.AllContainers)
            {
                foreach (V1Probe? probe in new[] { container.StartupProbe, container.LivenessProbe, container.ReadinessProbe })
                {
                    IntOrString? port = probe?.HttpGet?.Port ?? probe?.TcpSocket?.Port;
                    if (port is not null)
                    {
                        int resolved = ResolvePort(container, port);
                        Assert.Contains(resolved, container.Ports?.Select(p => p.ContainerPort) ?? []);
                    }
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_TerminationGrace_CoversPreStopPauseAndDrainTimeout(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V1Deployment deployment = rendered.Named<V1Deployment>("agent-deployment");
        V1ConfigMap config = rendered.Named<V1ConfigMap>("agent-config");
        TimeSpan drain = TimeSpan.Parse(config.Data["Shutdown__DrainTimeout"], CultureInfo.InvariantCulture);
        V1Container agent = Agent(overlay);
        long preStop = agent.Lifecycle?.PreStop?.Sleep?.Seconds
            ?? throw new Xunit.Sdk.XunitException("The agent has no preStop sleep (the chiseled image has no shell, so it must be the kubelet's sleep action).");
        long grace = deployment.Spec.Template.Spec.TerminationGracePeriodSeconds ?? 30;

        Assert.InRange(preStop, 3, 15);
        Assert.True(grace >= preStop + drain.TotalSeconds, $"terminationGracePeriodSeconds {grace} < preStop {preStop} s + drain {drain.TotalSeconds} s: in-flight runs would be killed.");
        Assert.Equal(30, grace);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AgentConfig_BindsBothListenersAndReadsTheKeyFromTheMountedSecret(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        IDictionary<string, string> data = rendered.Named<V1ConfigMap>("agent-config").Data;
        Assert.Equal($"http://+:{ApiPort}", data["Kestrel__Endpoints__Api__Url"]);
        Assert.Equal($"http://+:{ManagementPort}", data["Kestrel__Endpoints__Management__Url"]);
        Assert.Equal("redis:6379", data["ConnectionStrings__Redis"]);
        Assert.DoesNotContain(data.Keys, key => key.Contains("ApiKey", StringComparison.OrdinalIgnoreCase) && !key.EndsWith("ApiKeyFile", StringComparison.Ordinal));
        if (overlay == "overlays/development")
        {
            // Development mounts no Secret, and names no file that would be in one.
            Assert.Equal("", data["Providers__Anthropic__ApiKeyFile"]);
            Assert.Equal("", data["Security__KeysFile"]);
            Assert.DoesNotContain(Agent(overlay).VolumeMounts, m => m.MountPath == "/run/secrets");
            return;
        }

        Assert.Equal("/run/secrets/anthropic-api-key", data["Providers__Anthropic__ApiKeyFile"]);
        Assert.Equal("/run/secrets/api-keys.json", data["Security__KeysFile"]);

        V1Deployment deployment = rendered.Named<V1Deployment>("agent-deployment");
        V1Container agent = Agent(overlay);
        Assert.Contains(agent.EnvFrom, source => source.ConfigMapRef?.Name == "agent-config");
        Assert.DoesNotContain(agent.Env ?? [], variable => variable.ValueFrom?.SecretKeyRef is not null);
        V1VolumeMount mount = Assert.Single(agent.VolumeMounts, m => m.MountPath == "/run/secrets");
        Assert.True(mount.ReadOnlyProperty);
        V1Volume volume = Assert.Single(deployment.Spec.Template.Spec.Volumes, v => v.Name == mount.Name);
        Assert.Contains(volume.Secret.Items, item => item.Key == "anthropic-api-key" && item.Path == "anthropic-api-key");
        Assert.Contains(volume.Secret.Items, item => item.Key == "api-keys.json" && item.Path == "api-keys.json");
        Assert.False(volume.Secret.Optional, "without its keys the pod must not start");
        Assert.Contains(agent.VolumeMounts, m => m.MountPath == "/tmp");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_Rollout_NeverTakesAReadyPodAway(string overlay)
    {
        V1Deployment deployment = KustomizeOverlays.Render(overlay).Named<V1Deployment>("agent-deployment");
        Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.NotEqual("0", deployment.Spec.Strategy.RollingUpdate.MaxSurge.Value);
        Assert.NotNull(deployment.Spec.Template.Spec.TopologySpreadConstraints);
        Assert.Contains(deployment.Spec.Template.Spec.TopologySpreadConstraints, t => t.TopologyKey == "topology.kubernetes.io/zone");
        Assert.Contains(deployment.Spec.Template.Spec.TopologySpreadConstraints, t => t.TopologyKey == "kubernetes.io/hostname");
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_Hpa_ScalesTheDeploymentOnCpuAndMemoryWithScaleDownStabilisation(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V2HorizontalPodAutoscaler hpa = rendered.Named<V2HorizontalPodAutoscaler>("agent-hpa");
        string scaled = CanaryRolloutTests.DeploymentBehind(rendered, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name);
        Assert.Single(rendered.All<V1Deployment>(), d => d.Metadata.Name == scaled);
        Assert.Contains(hpa.Spec.Metrics, m => m.Resource?.Name == "cpu" && m.Resource.Target.AverageUtilization > 0);
        Assert.Contains(hpa.Spec.Metrics, m => m.Resource?.Name == "memory" && m.Resource.Target.AverageUtilization > 0);
        Assert.True(hpa.Spec.Behavior?.ScaleDown?.StabilizationWindowSeconds >= 60, "Scale-down needs a stabilisation window.");
        Assert.InRange(hpa.Spec.MinReplicas ?? 1, 1, hpa.Spec.MaxReplicas);
    }

    [Fact]
    public void Production_RunsAtLeastThreeReplicas()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render("overlays/production");
        Assert.True(rendered.Named<V2HorizontalPodAutoscaler>("agent-hpa").Spec.MinReplicas >= 3);
        Assert.True(rendered.Named<V1Deployment>("agent-deployment").Spec.Replicas >= 3);
    }

    [Fact]
    public void Development_UsesTheOfflineSimulatorAndNoSecret()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render("overlays/development");
        Assert.Equal("simulator", rendered.Named<V1ConfigMap>("agent-config").Data["Agents__assistant__Provider"]);
        Assert.DoesNotContain(rendered.Named<V1Deployment>("agent-deployment").Spec.Template.Spec.Volumes, v => v.Secret is not null);
    }

    internal static V1Container Agent(string overlay) =>
        Assert.Single(KustomizeOverlays.Render(overlay).Named<V1Deployment>("agent-deployment").Spec.Template.Spec.Containers, c => c.Name == "agent");

    internal static int ResolvePort(V1Container container, IntOrString port)
    {
        ArgumentNullException.ThrowIfNull(container);
        ArgumentNullException.ThrowIfNull(port);
        if (int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out int number))
        {
            return number;
        }

        V1ContainerPort? named = container.Ports?.SingleOrDefault(p => p.Name == port.Value);
        Assert.True(named is not null, $"{container.Name} has no port named '{port.Value}'.");
        return named!.ContainerPort;
    }
}
