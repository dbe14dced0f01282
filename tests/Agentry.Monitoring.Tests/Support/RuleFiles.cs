using System.Text.Json.Nodes;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>Reads rule files in the Prometheus rule format (also the Loki ruler's).</summary>
internal static class RuleFiles
{
    public static IReadOnlyList<AlertRule> PrometheusAlerts => Alerts(MonitoringPaths.Alerts);

    public static IReadOnlyList<AlertRule> LokiAlerts => MonitoringPaths.LokiRuleFiles.SelectMany(Alerts).ToList();

    public static IReadOnlyList<AlertRule> AllAlerts => [.. PrometheusAlerts, .. LokiAlerts];

    public static IReadOnlyList<RecordingRule> Records => Recordings(MonitoringPaths.RecordingRules);

    public static IReadOnlyList<AlertRule> Alerts(string path)
    {
        var alerts = new List<AlertRule>();
        foreach ((JsonNode group, JsonNode rule) in Rules(path))
        {
            if (rule["alert"] is null)
            {
                continue;
            }

            alerts.Add(new AlertRule(
                path,
                group.Text("name"),
                rule.Text("alert"),
                rule.Text("expr"),
                PromDuration.Parse(rule.Text("for") is { Length: > 0 } duration ? duration : "0s"),
                rule.Map("labels"),
                rule.Map("annotations")));
        }

        return alerts;
    }

    public static IReadOnlyList<RecordingRule> Recordings(string path) =>
        Rules(path).Where(r => r.Rule["record"] is not null)
            .Select(r => new RecordingRule(r.Group.Text("name"), r.Rule.Text("record"), r.Rule.Text("expr")))
            .ToList();

    private static IEnumerable<(JsonNode Group, JsonNode Rule)> Rules(string path)
    {
        JsonNode file = YamlJson.Load(path);
        foreach (JsonNode group in file.Items("groups"))
        {
            foreach (JsonNode rule in group.Items("rules"))
            {
                yield return (group, rule);
            }
        }
    }
}
