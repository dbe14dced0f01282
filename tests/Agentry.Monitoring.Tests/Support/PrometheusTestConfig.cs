using System.Text.Json.Nodes;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// Test configurations derived from the repository's Prometheus files: the same jobs and rules, with targets moved to
/// loopback ports and intervals cut to one second.
/// </summary>
internal static class PrometheusTestConfig
{
    /// <summary>
    /// prometheus.yml with its agentry job aimed at <paramref name="management"/>, its redis job at the redis_exporter
    /// on <paramref name="redisExporter"/>, and the rule files loaded.
    /// </summary>
    public static string ForLiveMonitoring(int prometheusPort, Uri management, Uri redisExporter)
    {
        JsonObject config = YamlJson.LoadObject(MonitoringPaths.PrometheusConfig);
        FastIntervals(config);
        config.Remove("alerting");
        var jobs = new JsonArray();
        foreach (JsonNode job in config.Items("scrape_configs"))
        {
            string target = job.Text("job_name") switch
            {
                "agentry" => $"{management.Host}:{management.Port}",
                "redis" => $"{redisExporter.Host}:{redisExporter.Port}",
                "prometheus" => $"127.0.0.1:{prometheusPort}",
                _ => "",
            };
            if (target.Length > 0)
            {
                JsonObject copy = job.DeepClone().AsObject();
                copy["static_configs"] = new JsonArray(new JsonObject { ["targets"] = new JsonArray(target) });
                jobs.Add(copy);
            }
        }

        Assert.True(jobs.Count == 3, "prometheus.yml must have the jobs 'agentry', 'redis' and 'prometheus'.");
        config["scrape_configs"] = jobs;
        return config.ToJsonString();
    }

    /// <summary>Scrape and evaluate every second; load the repository's rule files by absolute path.</summary>
    public static void FastIntervals(JsonObject config)
    {
        JsonObject global = config["global"]?.AsObject() ?? new JsonObject();
        global["scrape_interval"] = "1s";
        global["scrape_timeout"] = "1s";
        global["evaluation_interval"] = "1s";
        config["global"] = global;
        config["rule_files"] = new JsonArray(MonitoringPaths.RecordingRules, MonitoringPaths.Alerts);
    }
}
