using System.Text.Json;
using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// A real Prometheus scraping a real Agentry that served simulator traffic: every recording rule, alert expression
/// and dashboard query evaluates without error, and the rules over metrics the service emits produce series.
/// </summary>
[Collection(LiveMonitoringDefinition.Name)]
public sealed partial class LiveQueryTests(LiveMonitoring stack)
{
    /// <summary>The recording rules whose every input the service emits (the others read a name of PendingMetrics.txt).</summary>
    public static TheoryData<string> Records => new(RuleFiles.Records.Where(r => !ReadsPendingMetric(r)).Select(r => r.Name));

    private static bool ReadsPendingMetric(RecordingRule rule) => PromQl.MetricNames(rule.Expression).Any(PendingMetrics.Load().ContainsKey);

    [Fact]
    public async Task Prometheus_ScrapesTheAgentryJob()
    {
        JsonElement.ArrayEnumerator up = await stack.Prometheus.ResultAsync("up{job=\"agentry\"}");

        Assert.Equal("1", Assert.Single(up).GetProperty("value")[1].GetString());
    }

    [Fact]
    public async Task LoadedRuleGroups_AreAllHealthy()
    {
        JsonElement groups = (await stack.Prometheus.GetAsync("/api/v1/rules")).GetProperty("data").GetProperty("groups");
        var rules = groups.EnumerateArray().SelectMany(g => g.GetProperty("rules").EnumerateArray()).ToList();

        Assert.Equal(RuleFiles.Records.Count + RuleFiles.PrometheusAlerts.Count, rules.Count);
        Assert.All(rules, rule => Assert.True(rule.GetProperty("health").GetString() == "ok", rule.ToString()));
    }

    [Fact]
    public async Task EveryRecordingRuleExpression_EvaluatesWithoutError()
    {
        foreach (RecordingRule rule in RuleFiles.Records)
        {
            (bool ok, JsonElement answer) = await stack.TryQueryAsync(rule.Expression);
            Assert.True(ok, $"{rule.Name}: {answer}");
        }
    }

    [Theory]
    [MemberData(nameof(Records))]
    public async Task RecordingRule_OverEmittedMetrics_RecordsSeries(string record)
    {
        RecordingRule rule = RuleFiles.Records.Single(r => r.Name == record);

        await stack.Prometheus.WaitForSeriesAsync(rule.Name, TimeSpan.FromSeconds(15));
    }

    [Fact]
    public void RecordingRules_OverPendingMetrics_AreAQuarterAtMost()
    {
        // These record nothing until their input exists; EveryRecordingRuleExpression_EvaluatesWithoutError runs them.
        string[] waiting = RuleFiles.Records.Where(ReadsPendingMetric).Select(r => r.Name).ToArray();

        Assert.True(waiting.Length <= RuleFiles.Records.Count / 4, $"most recording rules read metrics the service does not emit yet: {string.Join(", ", waiting)}");
    }

    [Fact]
    public async Task EveryAlertExpression_EvaluatesWithoutError()
    {
        foreach (AlertRule alert in RuleFiles.PrometheusAlerts)
        {
            (bool ok, JsonElement answer) = await stack.TryQueryAsync(alert.Expression);
            Assert.True(ok, $"{alert}: {answer}");
        }
    }

    [Fact]
    public async Task EveryDashboardQuery_EvaluatesWithoutError()
    {
        var failures = new List<string>();
        int queries = 0;
        foreach (GrafanaDashboard dashboard in GrafanaDashboard.All)
        {
            foreach (DashboardTarget target in dashboard.PrometheusTargets.Concat(dashboard.PrometheusAnnotations))
            {
                string expression = dashboard.Substitute(target.Expression);
                Assert.DoesNotMatch(@"\$(\{\w+\}|__\w+|datasource|agent\b|instance\b)", expression);
                (bool ok, JsonElement answer) = await stack.TryQueryAsync(expression);
                queries++;
                if (!ok)
                {
                    failures.Add($"{target}\n  sent: {expression}\n  got: {answer}");
                }
            }
        }

        Assert.True(queries > 60, $"Only {queries} dashboard queries found.");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public async Task DashboardPanelsOverEmittedMetrics_ShowData()
    {
        IReadOnlyDictionary<string, string> pending = PendingMetrics.Load();
        var empty = new List<string>();
        foreach (GrafanaDashboard dashboard in GrafanaDashboard.All)
        {
            foreach (DashboardTarget target in dashboard.PrometheusTargets)
            {
                // Inputs that do not exist yet, redis_exporter's series, and comparisons with yesterday (a test
                // Prometheus is seconds old) cannot have data here; they still run in EveryDashboardQuery_EvaluatesWithoutError.
                IReadOnlySet<string> names = PromQl.MetricNames(target.Expression);
                if (names.Any(n => pending.ContainsKey(n) || n.StartsWith("redis_", StringComparison.Ordinal))
                    || PromQl.WithoutStrings(target.Expression).Contains(" offset ", StringComparison.Ordinal))
                {
                    continue;
                }

                (bool ok, JsonElement answer) = await stack.TryQueryAsync(dashboard.Substitute(target.Expression));
                JsonElement result = ok ? answer.GetProperty("data").GetProperty("result") : default;
                if (ok && result.GetArrayLength() > 0)
                {
                    // A label the legend names but no series carries is a typo in a by () clause or the legend.
                    foreach (Match label in LegendLabel().Matches(target.Legend))
                    {
                        string name = label.Groups["label"].Value;
                        if (!result.EnumerateArray().Any(series => series.GetProperty("metric").TryGetProperty(name, out _)))
                        {
                            empty.Add($"{target}\n    legend label '{name}' is on no series");
                        }
                    }
                }

                if (ok && result.GetArrayLength() == 0)
                {
                    var samples = new List<string>();
                    foreach (string name in names.Where(n => !n.Contains(':', StringComparison.Ordinal)))
                    {
                        string counts = string.Join(", ", (await stack.Prometheus.ResultAsync($"count_over_time({name}[1m])")).Select(r => r.GetProperty("value")[1].GetString()));
                        samples.Add($"{name}: samples per series in the last minute [{counts}], in /metrics: {stack.Metrics.SampleNames.Contains(name)}");
                    }

                    empty.Add($"{target}\n    {string.Join("\n    ", samples)}");
                }
            }
        }

        Assert.True(empty.Count == 0, "Panels with no data, or legends naming labels no series has, after the test traffic (a label or metric name is wrong, or the traffic misses a case):\n" + string.Join("\n", empty));
    }

    [Fact]
    public async Task DashboardVariableQueries_FindValues()
    {
        foreach (GrafanaDashboard dashboard in GrafanaDashboard.All)
        {
            foreach (var variable in dashboard.Variables.Where(v => v.Text("type") == "query"))
            {
                Match query = LabelValues().Match(variable.Text("query"));
                Assert.True(query.Success, $"{dashboard.Name} ${variable.Text("name")}: expected label_values(<selector>, <label>).");
                string selector = query.Groups["selector"].Value;
                string label = query.Groups["label"].Value;
                JsonElement answer = await stack.Prometheus.GetAsync($"/api/v1/label/{label}/values?match[]={Uri.EscapeDataString(selector)}");
                Assert.Equal("success", answer.GetProperty("status").GetString());
                if (!selector.StartsWith("redis_", StringComparison.Ordinal))
                {
                    Assert.True(answer.GetProperty("data").GetArrayLength() > 0, $"{dashboard.Name} ${variable.Text("name")}: no values for {variable.Text("query")}.");
                }
            }
        }
    }

    [GeneratedRegex(@"\{\{\s*(?<label>\w+)\s*\}\}")]
    private static partial Regex LegendLabel();

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>\w+)\)$")]
    private static partial Regex LabelValues();
}
