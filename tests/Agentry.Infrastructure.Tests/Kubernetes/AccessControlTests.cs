using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>RBAC with least privilege and NetworkPolicies that deny by default.</summary>
public sealed class AccessControlTests
{
    private const string MonitoringNamespace = "monitoring";

    public static TheoryData<string> Overlays => KustomizeOverlays.DeployableData();

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_Roles_GrantOnlyNamedReadsAndNeverSecrets(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        Assert.Empty(rendered.All<V1ClusterRole>());
        Assert.Empty(rendered.All<V1ClusterRoleBinding>());
        foreach (V1PolicyRule rule in rendered.All<V1Role>().SelectMany(r => r.Rules))
        {
            Assert.DoesNotContain("*", rule.Verbs);
            Assert.DoesNotContain("*", rule.Resources);
            Assert.DoesNotContain("*", rule.ApiGroups);
            Assert.DoesNotContain("secrets", rule.Resources);
            Assert.All(rule.Verbs, verb => Assert.Equal("get", verb));
            Assert.NotEmpty(rule.ResourceNames ?? []);
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_RoleBindings_BindExistingRolesToServiceAccountsOfTheirNamespace(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        foreach (V1RoleBinding binding in rendered.All<V1RoleBinding>())
        {
            Assert.Equal("Role", binding.RoleRef.Kind);
            Assert.Contains(rendered.All<V1Role>(), r => r.Metadata.Name == binding.RoleRef.Name);
            foreach (Rbacv1Subject subject in binding.Subjects)
            {
                Assert.Equal("ServiceAccount", subject.Kind);
                Assert.Equal(binding.Metadata.NamespaceProperty, subject.NamespaceProperty);
                Assert.Contains(rendered.All<V1ServiceAccount>(), sa => sa.Metadata.Name == subject.Name);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_ServiceAccounts_DoNotMountTokens(string overlay)
    {
        foreach (V1ServiceAccount account in KustomizeOverlays.Render(overlay).All<V1ServiceAccount>())
        {
            Assert.True(account.AutomountServiceAccountToken == false, $"ServiceAccount {account.Metadata.Name} mounts its token.");
        }
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_Namespace_DeniesAllTrafficByDefault(string overlay)
    {
        V1NetworkPolicy deny = Assert.Single(
            KustomizeOverlays.Render(overlay).All<V1NetworkPolicy>(),
            p => !Selectors.Keys(p.Spec.PodSelector).Any());
        Assert.Equal(["Ingress", "Egress"], deny.Spec.PolicyTypes);
        Assert.True(deny.Spec.Ingress is null or { Count: 0 });
        Assert.True(deny.Spec.Egress is null or { Count: 0 });
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_ManagementAndMetricsPorts_OpenOnlyToTheMonitoringNamespace(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        var privatePorts = new HashSet<string>(StringComparer.Ordinal) { "management", "8000", "metrics", "9121" };
        int checkedRules = 0;
        foreach (V1NetworkPolicyIngressRule rule in rendered.All<V1NetworkPolicy>().SelectMany(p => p.Spec.Ingress ?? []))
        {
            if (rule.Ports is null || rule.Ports.Any(p => privatePorts.Contains(p.Port.Value)))
            {
                checkedRules++;
                Assert.NotEmpty(rule.FromProperty ?? []);
                Assert.All(rule.FromProperty!, peer =>
                {
                    Assert.Null(peer.IpBlock);
                    Assert.Null(peer.PodSelector);
                    Assert.Equal(MonitoringNamespace, peer.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"]);
                });
            }
        }

        Assert.Equal(2, checkedRules);
    }

    [Theory]
    [MemberData(nameof(Overlays))]
    public void Overlay_AgentNetworkPolicy_OpensTheApiPortAndEgressOnlyToDnsRedisAndHttps(string overlay)
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(overlay);
        V1NetworkPolicy agent = rendered.Named<V1NetworkPolicy>("agent");
        Assert.Contains(agent.Spec.Ingress, rule => (rule.FromProperty is null || rule.FromProperty.Count == 0) && rule.Ports.Single().Port.Value == "http");
        Assert.Equal(["Ingress", "Egress"], agent.Spec.PolicyTypes);

        var ports = agent.Spec.Egress.SelectMany(rule => rule.Ports ?? throw new Xunit.Sdk.XunitException("An egress rule without ports allows every port.")).Select(p => p.Port.Value).ToHashSet(StringComparer.Ordinal);
        Assert.Equal(new HashSet<string>(StringComparer.Ordinal) { "53", "6379", "443" }, ports);
        V1NetworkPolicyEgressRule https = Assert.Single(agent.Spec.Egress, rule => rule.Ports.Any(p => p.Port.Value == "443"));
        V1IPBlock block = Assert.Single(https.To).IpBlock;
        Assert.Contains("10.0.0.0/8", block.Except);
        V1NetworkPolicyEgressRule redis = Assert.Single(agent.Spec.Egress, rule => rule.Ports.Any(p => p.Port.Value == "6379"));
        Assert.Equal("redis", Assert.Single(redis.To).PodSelector.MatchLabels["app.kubernetes.io/name"]);
    }
}
