using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>What each Prometheus config scrapes, against the names the compose file and the cluster use.</summary>
public sealed class ScrapeConfigTests
{
    [Fact]
    public void ComposeConfig_ScrapesTheAgentManagementPortRedisExporterPrometheusAndAlertmanager()
    {
        Dictionary<string, string[]> targets = Jobs(MonitoringPaths.PrometheusConfig).ToDictionary(
            j => j.Text("job_name"), j => j.Items("static_configs").SelectMany(s => s.Items("targets")).Select(t => t.ToString()).ToArray(), StringComparer.Ordinal);

        Assert.Equal(["agent:8000"], targets["agentry"]);
        Assert.Equal(["redis-exporter:9121"], targets["redis"]);
        Assert.Equal(["localhost:9090"], targets["prometheus"]);
        Assert.Equal(["alertmanager:9093"], targets["alertmanager"]);
        Assert.Equal("/metrics", Jobs(MonitoringPaths.PrometheusConfig).Single(j => j.Text("job_name") == "agentry").Text("metrics_path"));
    }

    [Fact]
    public void BothConfigs_SendAlertsToAlertmanagerAndLoadTheRulesBesideThem()
    {
        foreach (string path in new[] { MonitoringPaths.PrometheusConfig, MonitoringPaths.PrometheusKubernetesConfig })
        {
            JsonNode config = YamlJson.Load(path);
            Assert.Equal(["recording_rules.yml", "alerts.yml"], config.Items("rule_files").Select(f => f.ToString()));
            Assert.Single(config["alerting"].Items("alertmanagers"));
        }
    }

    [Fact]
    public void KubernetesConfig_DiscoversAgentPodsInProductionAgentsOnTheManagementPort()
    {
        JsonNode job = Jobs(MonitoringPaths.PrometheusKubernetesConfig).Single(j => j.Text("job_name") == "agentry-kubernetes-pods");
        JsonNode discovery = job.Items("kubernetes_sd_configs").Single();

        Assert.Equal("pod", discovery.Text("role"));
        Assert.Equal(["production-agents"], discovery["namespaces"].Items("names").Select(n => n.ToString()));
        Assert.Equal("app.kubernetes.io/name=agentry", discovery.Items("selectors").Single().Text("label"));
        Assert.Contains(job.Items("relabel_configs"), r => r.Text("action") == "keep" && r.Text("regex") == "management"
            && r.Items("source_labels").Single().ToString() == "__meta_kubernetes_pod_container_port_name");
        Assert.Contains(job.Items("relabel_configs"), r => r.Text("target_label") == "job" && r.Text("replacement") == "agentry");
    }

    private static IEnumerable<JsonNode> Jobs(string path) => YamlJson.Load(path).Items("scrape_configs");
}
