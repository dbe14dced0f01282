using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Kubernetes.Crds;
using Agentry.Infrastructure.Tests.Support;
using k8s;
using k8s.Models;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>
/// The canary overlay: an Argo Rollout over the production Deployment's pod template, gated by an analysis that reads
/// the SLO recording rules. No cluster runs here, so these check the structure Argo Rollouts relies on; the rendered
/// overlay also goes through every test the other overlays get (labels, pod security, coverage).
/// </summary>
public sealed partial class CanaryRolloutTests
{
    private const string Overlay = "overlays/canary";

    private static readonly string[] ScaleDownModes = ["never", "onsuccess", "progressively"];

    /// <summary>The Deployment whose pods an autoscaler target runs: itself, or the one a Rollout refers to.</summary>
    public static string DeploymentBehind(RenderedOverlay rendered, string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(rendered);
        switch (kind)
        {
            case "Deployment":
                return name;
            case "Rollout":
                RolloutWorkloadRef reference = rendered.Named<Rollout>(name).Spec.WorkloadRef
                    ?? throw new Xunit.Sdk.XunitException($"Rollout/{name} has no workloadRef.");
                Assert.Equal("Deployment", reference.Kind);
                return reference.Name;
            default:
                throw new Xunit.Sdk.XunitException($"{kind}/{name} is neither a Deployment nor an Argo Rollout.");
        }
    }

    [Fact]
    public void Canary_RendersTheProductionObjects_PlusTheRolloutAndItsAnalysis()
    {
        List<string> production = Identities(KustomizeOverlays.Render("overlays/production"));
        List<string> canary = Identities(KustomizeOverlays.Render(Overlay));

        Assert.Equal(
            production.Append("argoproj.io/v1alpha1/AnalysisTemplate/production-agents/agentry-slo")
                .Append("argoproj.io/v1alpha1/Rollout/production-agents/agent-rollout").Order(StringComparer.Ordinal),
            canary);
    }

    [Fact]
    public void Canary_Rollout_RunsTheDeploymentsPodTemplate_WhileTheDeploymentKeepsNoPods()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(Overlay);
        Rollout rollout = Assert.Single(rendered.All<Rollout>());
        RolloutWorkloadRef reference = Assert.IsType<RolloutWorkloadRef>(rollout.Spec.WorkloadRef);
        Assert.Null(rollout.Spec.Template);
        Assert.Equal("apps/v1", reference.ApiVersion);
        Assert.Contains(reference.ScaleDown, ScaleDownModes);

        V1Deployment deployment = rendered.Named<V1Deployment>(DeploymentBehind(rendered, "Rollout", rollout.Metadata.Name));
        Assert.Equal(0, deployment.Spec.Replicas);
        Assert.Equal(deployment.Spec.Selector.MatchLabels, rollout.Spec.Selector.MatchLabels);
        Assert.True(Selectors.Matches(rollout.Spec.Selector, deployment.Spec.Template.Metadata.Labels));
        Assert.True(rollout.Spec.Replicas >= KustomizeOverlays.Render("overlays/production").Named<V1Deployment>("agent-deployment").Spec.Replicas);

        V2HorizontalPodAutoscaler hpa = rendered.Named<V2HorizontalPodAutoscaler>("agent-hpa");
        Assert.Equal(("argoproj.io/v1alpha1", "Rollout", rollout.Metadata.Name), (hpa.Spec.ScaleTargetRef.ApiVersion, hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        V1PodDisruptionBudget pdb = rendered.Named<V1PodDisruptionBudget>("agent-pdb");
        Assert.True(Selectors.Matches(pdb.Spec.Selector, deployment.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void Canary_Steps_RaiseTheWeightInTimedPauses_WithoutLosingCapacity()
    {
        CanaryStrategy canary = Assert.IsType<CanaryStrategy>(Assert.Single(KustomizeOverlays.Render(Overlay).All<Rollout>()).Spec.Strategy.Canary);
        Assert.Equal("0", canary.MaxUnavailable?.Value);
        Assert.NotEmpty(canary.Steps);

        int previous = 0;
        for (int i = 0; i < canary.Steps.Count; i++)
        {
            CanaryStep step = canary.Steps[i];
            Assert.True(new object?[] { step.SetWeight, step.Pause, step.Analysis }.Count(f => f is not null) == 1, $"step {i} must set exactly one action.");
            if (step.SetWeight is int weight)
            {
                Assert.InRange(weight, previous + 1, 99);
                previous = weight;
                CanaryStep next = canary.Steps[i + 1];
                Assert.True(next.Pause?.Duration is not null, $"step {i} (weight {weight}) is not followed by a timed pause: nothing would be observed before the next weight.");
                Assert.Matches(GoDuration(), next.Pause!.Duration);
            }
        }
    }

    [Fact]
    public void Canary_Analysis_RunsFromTheFirstStep_WithATemplateThatExists()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render(Overlay);
        RolloutAnalysis analysis = Assert.IsType<RolloutAnalysis>(Assert.Single(rendered.All<Rollout>()).Spec.Strategy.Canary?.Analysis);
        Assert.InRange(analysis.StartingStep ?? 0, 0, 1);
        foreach (AnalysisTemplateRef reference in analysis.Templates)
        {
            AnalysisTemplate template = rendered.Named<AnalysisTemplate>(reference.TemplateName);
            Assert.NotEqual(true, reference.ClusterScope);
            var declared = (template.Spec.Args ?? []).ToDictionary(a => a.Name, a => a.Value, StringComparer.Ordinal);
            var given = (analysis.Args ?? []).Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
            foreach ((string name, string? value) in declared)
            {
                Assert.True(value is not null || given.Contains(name), $"{template.Metadata.Name} needs the argument {name}, which the Rollout does not give.");
            }

            foreach (AnalysisMetric metric in template.Spec.Metrics)
            {
                foreach (Match used in ArgumentUse().Matches(metric.Provider.Prometheus?.Address + metric.Provider.Prometheus?.Query))
                {
                    Assert.True(declared.ContainsKey(used.Groups["name"].Value), $"{metric.Name} uses {used.Value}, which the template does not declare.");
                }
            }
        }
    }

    [Fact]
    public void Canary_AnalysisMetrics_ReadSloRecordingRulesThatExist_AndAbortOnAFailure()
    {
        HashSet<string> recorded = RecordedSeries();
        AnalysisTemplate template = Assert.Single(KustomizeOverlays.Render(Overlay).All<AnalysisTemplate>());
        Assert.NotEmpty(template.Spec.Metrics);
        foreach (AnalysisMetric metric in template.Spec.Metrics)
        {
            PrometheusMetric prometheus = Assert.IsType<PrometheusMetric>(metric.Provider.Prometheus);
            string[] series = RecordingRuleName().Matches(prometheus.Query).Select(m => m.Value).ToArray();
            Assert.True(series.Length > 0, $"{metric.Name} reads no recording rule: {prometheus.Query}");
            Assert.All(series, s => Assert.True(recorded.Contains(s), $"{metric.Name} reads {s}, which recording_rules.yml does not record."));
            Assert.Contains(series, s => s.StartsWith("agentry:slo_", StringComparison.Ordinal));
            Assert.Matches(GoDuration(), metric.Interval);
            Assert.Null(metric.Count);
            Assert.NotNull(metric.FailureLimit);
            Assert.Contains("result[0]", metric.SuccessCondition ?? metric.FailureCondition, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Canary_AnalysisQueries_AreValidPromQl()
    {
        // promtool parses a query only as part of a rule: each one becomes a recording rule of a throwaway file.
        AnalysisTemplate template = Assert.Single(KustomizeOverlays.Render(Overlay).All<AnalysisTemplate>());
        var rules = new JsonArray(template.Spec.Metrics
            .Select(m => (JsonNode)new JsonObject { ["record"] = $"canary:{m.Name.Replace('-', '_')}", ["expr"] = m.Provider.Prometheus!.Query })
            .ToArray());
        var file = new JsonObject { ["groups"] = new JsonArray(new JsonObject { ["name"] = "canary-analysis", ["rules"] = rules }) };
        string path = Path.Combine(Directory.CreateTempSubdirectory("agentry-canary-").FullName, "analysis-rules.json");
        File.WriteAllText(path, file.ToJsonString());

        ToolResult result = HostCommand.Run("promtool", ["check", "rules", path]);
        Assert.True(result.ExitCode == 0, result.Describe("promtool check rules"));
    }

    private static HashSet<string> RecordedSeries() =>
        RecordLine().Matches(File.ReadAllText(Path.Combine(RepositoryLayout.Monitoring, "prometheus", "recording_rules.yml")))
            .Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    private static List<string> Identities(RenderedOverlay overlay) =>
        overlay.WithMetadata().Select(o => $"{o.ApiVersion}/{o.Kind}/{o.Metadata.NamespaceProperty}/{o.Metadata.Name}").Order(StringComparer.Ordinal).ToList();

    [GeneratedRegex(@"^\d+(ms|s|m|h)$")]
    private static partial Regex GoDuration();

    [GeneratedRegex(@"\{\{\s*args\.(?<name>[A-Za-z0-9_-]+)\s*\}\}")]
    private static partial Regex ArgumentUse();

    [GeneratedRegex(@"agentry:[a-z0-9_]+:[a-z0-9_]+")]
    private static partial Regex RecordingRuleName();

    [GeneratedRegex(@"^\s*- record:\s*(?<name>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex RecordLine();
}
