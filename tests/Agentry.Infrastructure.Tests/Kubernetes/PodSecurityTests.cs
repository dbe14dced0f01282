using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>Every container of every rendered workload meets the restricted Pod Security Standard and has its resources set.</summary>
public sealed class PodSecurityTests
{
    public static TheoryData<string> Overlays => KustomizeOverlays.DeployableData();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryContainer_RunsAsNonRoot(string overlay)
    {
        foreach ((PodTemplate pod, V1Container container) in Containers(overlay))
        {
            bool nonRoot = container.SecurityContext?.RunAsNonRoot ?? pod.Spec.SecurityContext?.RunAsNonRoot ?? false;
            long? user = container.SecurityContext?.RunAsUser ?? pod.Spec.SecurityContext?.RunAsUser;
            Assert.True(nonRoot, $"{pod}/{container.Name}: runAsNonRoot is not true.");
            Assert.True(user is null or > 0, $"{pod}/{container.Name}: runs as uid {user}.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryContainer_HasReadOnlyRootNoEscalationAndNoCapabilities(string overlay)
    {
        foreach ((PodTemplate pod, V1Container container) in Containers(overlay))
        {
            V1SecurityContext? security = container.SecurityContext;
            Assert.True(security?.ReadOnlyRootFilesystem == true, $"{pod}/{container.Name}: readOnlyRootFilesystem is not true.");
            Assert.True(security?.AllowPrivilegeEscalation == false, $"{pod}/{container.Name}: allowPrivilegeEscalation is not false.");
            Assert.True(security?.Privileged != true, $"{pod}/{container.Name}: privileged.");
            Assert.True(security?.Capabilities?.Drop?.Contains("ALL") == true, $"{pod}/{container.Name}: capabilities are not all dropped.");
            Assert.True(security?.Capabilities?.Add is null or { Count: 0 }, $"{pod}/{container.Name}: adds capabilities.");
            string? seccomp = security?.SeccompProfile?.Type ?? pod.Spec.SecurityContext?.SeccompProfile?.Type;
            Assert.True(seccomp is "RuntimeDefault" or "Localhost", $"{pod}/{container.Name}: seccomp profile is '{seccomp}'.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryContainer_HasCpuAndMemoryRequestsAndLimits(string overlay)
    {
        foreach ((PodTemplate pod, V1Container container) in Containers(overlay))
        {
            foreach (string resource in new[] { "cpu", "memory" })
            {
                Assert.True(container.Resources?.Requests?.ContainsKey(resource) == true, $"{pod}/{container.Name}: no {resource} request.");
                Assert.True(container.Resources?.Limits?.ContainsKey(resource) == true, $"{pod}/{container.Name}: no {resource} limit.");
                decimal request = container.Resources!.Requests![resource];
                decimal limit = container.Resources.Limits![resource];
                Assert.True(request <= limit, $"{pod}/{container.Name}: {resource} request {request} exceeds its limit {limit}.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryImage_IsPinnedByTagOrDigest(string overlay)
    {
        foreach ((PodTemplate pod, V1Container container) in Containers(overlay))
        {
            ImageReference image = ImageReference.Parse(container.Image);
            Assert.True(image.IsPinned, $"{pod}/{container.Name}: image '{container.Image}' is not pinned (no tag, or 'latest').");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_EveryPod_KeepsItsServiceAccountTokenAndTheHostOut(string overlay)
    {
        foreach (PodTemplate pod in PodTemplate.In(KustomizeOverlays.Render(overlay)))
        {
            Assert.True(pod.Spec.AutomountServiceAccountToken == false, $"{pod}: automountServiceAccountToken is not false (nothing here calls the API server).");
            Assert.False(string.IsNullOrEmpty(pod.Spec.ServiceAccountName), $"{pod}: runs as the namespace's default service account.");
            Assert.True(pod.Spec.HostNetwork != true && pod.Spec.HostPID != true && pod.Spec.HostIPC != true, $"{pod}: shares a host namespace.");
            Assert.True(pod.Spec.Volumes?.All(v => v.HostPath is null) ?? true, $"{pod}: mounts a host path.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AgentImageTag_EqualsItsVersionLabel(string overlay)
    {
        V1Deployment deployment = KustomizeOverlays.Render(overlay).Named<V1Deployment>("agent-deployment");
        V1Container agent = Assert.Single(deployment.Spec.Template.Spec.Containers, c => c.Name == "agent");
        ImageReference image = ImageReference.Parse(agent.Image);
        Assert.Equal(deployment.Spec.Template.Metadata.Labels["app.kubernetes.io/version"], image.Tag);
        Assert.Equal(deployment.Metadata.Labels["app.kubernetes.io/version"], image.Tag);
    }

    [Fact]
    public void ImageReference_LatestOrMissingTag_IsNotPinned()
    {
        Assert.False(ImageReference.Parse("redis").IsPinned);
        Assert.False(ImageReference.Parse("redis:latest").IsPinned);
        Assert.False(ImageReference.Parse("registry:5000/redis").IsPinned);
        Assert.True(ImageReference.Parse("registry:5000/redis:7.4.2").IsPinned);
        Assert.True(ImageReference.Parse("redis@sha256:0123").IsPinned);
    }

    private static List<(PodTemplate Pod, V1Container Container)> Containers(string overlay)
    {
        List<(PodTemplate Pod, V1Container Container)> all = PodTemplate.In(KustomizeOverlays.Render(overlay))
            .SelectMany(pod => pod.AllContainers.Select(container => (pod, container)))
            .ToList();
        Assert.NotEmpty(all);
        return all;
    }
}
