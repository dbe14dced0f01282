using Agentry.Testing;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>Where the monitoring assets, runbooks and shared schemas are, from the repository root.</summary>
internal static class MonitoringPaths
{
    public static string Root => Path.Combine(RepositoryPaths.Root, "infrastructure", "monitoring");

    public static string PrometheusDirectory => Path.Combine(Root, "prometheus");

    public static string PrometheusConfig => Path.Combine(PrometheusDirectory, "prometheus.yml");

    public static string PrometheusKubernetesConfig => Path.Combine(PrometheusDirectory, "prometheus-kubernetes.yml");

    public static string Alerts => Path.Combine(PrometheusDirectory, "alerts.yml");

    public static string RecordingRules => Path.Combine(PrometheusDirectory, "recording_rules.yml");

    public static string PromtoolTestsDirectory => Path.Combine(PrometheusDirectory, "tests");

    public static string Alertmanager => Path.Combine(Root, "alertmanager", "alertmanager.yml");

    public static string DashboardsDirectory => Path.Combine(Root, "grafana", "dashboards");

    public static string Datasources => Path.Combine(Root, "grafana", "provisioning", "datasources", "datasources.yml");

    public static string DashboardProvider => Path.Combine(Root, "grafana", "provisioning", "dashboards", "dashboards.yml");

    public static string LokiConfig => Path.Combine(Root, "loki", "loki-config.yml");

    public static string LokiRulesDirectory => Path.Combine(Root, "loki", "rules");

    public static string Promtail => Path.Combine(Root, "promtail", "promtail-config.yml");

    public static string Alloy => Path.Combine(Root, "alloy", "config.alloy");

    public static string YamlLintConfig => Path.Combine(Root, ".yamllint");

    public static string RunbooksDirectory => Path.Combine(RepositoryPaths.Root, "docs", "runbooks");

    public static string IncidentResponse => Path.Combine(RepositoryPaths.Root, "docs", "incident-response.md");

    public static string DashboardSchema => Path.Combine(RepositoryPaths.Shared, "schemas", "grafana", "dashboard.jsonschema.json");

    public static string PendingMetrics => Path.Combine(RepositoryPaths.Root, "tests", "Agentry.Monitoring.Tests", "PendingMetrics.txt");

    public static IEnumerable<string> Dashboards => Directory.EnumerateFiles(DashboardsDirectory, "*.json").Order(StringComparer.Ordinal);

    public static IEnumerable<string> PromtoolTestFiles => Directory.EnumerateFiles(PromtoolTestsDirectory, "*.yml").Order(StringComparer.Ordinal);

    public static IEnumerable<string> LokiRuleFiles =>
        Directory.EnumerateFiles(LokiRulesDirectory, "*.yml", SearchOption.AllDirectories).Order(StringComparer.Ordinal);

    /// <summary>The path relative to the repository root, for messages.</summary>
    public static string Relative(string path) => Path.GetRelativePath(RepositoryPaths.Root, path);
}
