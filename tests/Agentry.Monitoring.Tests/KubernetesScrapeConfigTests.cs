using System.Text.Json;
using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;
using Agentry.Testing;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// prometheus-kubernetes.yml, run for real. Debian's Prometheus has no Kubernetes discovery, so each
/// kubernetes_sd_configs block becomes a file_sd_configs block listing the targets pod discovery would produce (one
/// per declared container port, with its __meta_kubernetes_* labels). Everything else, relabelling included, runs
/// unchanged, and the agent pod's management port points at a real Agentry.
/// </summary>
public sealed class KubernetesScrapeConfigTests
{
    [Fact]
    public async Task KubernetesConfig_WithDiscoveryReplaced_PassesPromtool()
    {
        string directory = Directory.CreateTempSubdirectory("agentry-k8s-config-").FullName;
        try
        {
            string config = Path.Combine(directory, "prometheus.yml");
            await File.WriteAllTextAsync(config, WithFileDiscovery(directory, apiPort: 1, managementPort: 2, prometheusPort: 3));

            ToolRun run = await ToolRunner.RunAsync("promtool", "prometheus", ["check", "config", config]);

            Assert.True(run.Succeeded, run.Output);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task KubernetesConfig_KeepsOnlyRunningAgentPodsOnTheirManagementPort_AndScrapesThem()
    {
        await using AgentryServer agentry = await AgentryServer.StartAsync();
        string directory = Directory.CreateTempSubdirectory("agentry-k8s-targets-").FullName;
        try
        {
            await using PrometheusServer prometheus = await PrometheusServer.StartAsync(port =>
                WithFileDiscovery(directory, agentry.Api.BaseAddress!.Port, agentry.Management.BaseAddress!.Port, port));

            await prometheus.WaitForSeriesAsync("up{job=\"agentry\", namespace=\"production-agents\", pod=\"agent-deployment-7d9f-abcde\"} == 1", TimeSpan.FromSeconds(30));
            JsonElement targets = (await prometheus.GetAsync("/api/v1/targets")).GetProperty("data");

            JsonElement[] agents = Active(targets, "agentry-kubernetes-pods");
            JsonElement agent = Assert.Single(agents);
            JsonElement labels = agent.GetProperty("labels");
            Assert.Equal("agentry", labels.GetProperty("job").GetString());
            Assert.Equal("production-agents", labels.GetProperty("namespace").GetString());
            Assert.Equal("0.1.0", labels.GetProperty("version").GetString());
            Assert.Equal($"127.0.0.1:{agentry.Management.BaseAddress!.Port}", labels.GetProperty("instance").GetString());

            JsonElement redis = Assert.Single(Active(targets, "redis-kubernetes-pods"));
            Assert.Equal("redis", redis.GetProperty("labels").GetProperty("job").GetString());
            Assert.Equal("10.0.0.9:9121", redis.GetProperty("labels").GetProperty("instance").GetString());
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static JsonElement[] Active(JsonElement targets, string pool) =>
        targets.GetProperty("activeTargets").EnumerateArray().Where(t => t.GetProperty("scrapePool").GetString() == pool).ToArray();

    /// <summary>The config with discovery swapped for files of synthetic pod targets, and the rule files made absolute.</summary>
    private static string WithFileDiscovery(string directory, int apiPort, int managementPort, int prometheusPort)
    {
        JsonObject config = YamlJson.LoadObject(MonitoringPaths.PrometheusKubernetesConfig);
        PrometheusTestConfig.FastIntervals(config);
        config.Remove("alerting");
        var jobs = new JsonArray();
        foreach (JsonNode node in config.Items("scrape_configs"))
        {
            JsonObject job = node.DeepClone().AsObject();
            string name = job.Text("job_name");
            if (name == "prometheus")
            {
                job["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray($"127.0.0.1:{prometheusPort}") });
            }
            else if (job.ContainsKey("kubernetes_sd_configs"))
            {
                string file = Path.Combine(directory, name + ".json");
                File.WriteAllText(file, PodTargets(apiPort, managementPort).ToJsonString());
                job.Remove("kubernetes_sd_configs");
                job["file_sd_configs"] = new JsonArray(new JsonObject { ["files"] = new JsonArray(file) });
            }
            else
            {
                continue;
            }

            jobs.Add(job);
        }

        config["scrape_configs"] = jobs;
        return config.ToJsonString();
    }

    /// <summary>What role=pod discovery yields in production-agents: one target per container port.</summary>
    private static JsonArray PodTargets(int apiPort, int managementPort) =>
    [
        Pod($"127.0.0.1:{managementPort}", "agent-deployment-7d9f-abcde", "agentry", "management", "Running"),
        Pod($"127.0.0.1:{apiPort}", "agent-deployment-7d9f-abcde", "agentry", "http", "Running"),
        Pod("10.0.0.8:8000", "agent-deployment-7d9f-fghij", "agentry", "management", "Pending"),
        Pod("10.0.0.9:6379", "redis-0", "redis", "redis", "Running"),
        Pod("10.0.0.9:9121", "redis-0", "redis", "metrics", "Running"),
    ];

    private static JsonObject Pod(string address, string pod, string app, string portName, string phase) => new()
    {
        ["targets"] = new JsonArray(address),
        ["labels"] = new JsonObject
        {
            ["__meta_kubernetes_namespace"] = "production-agents",
            ["__meta_kubernetes_pod_name"] = pod,
            ["__meta_kubernetes_pod_phase"] = phase,
            ["__meta_kubernetes_pod_label_app_kubernetes_io_name"] = app,
            ["__meta_kubernetes_pod_label_app_kubernetes_io_version"] = app == "agentry" ? "0.1.0" : "7.4.2",
            ["__meta_kubernetes_pod_container_port_name"] = portName,
        },
    };
}
