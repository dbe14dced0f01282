using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// The convention of prometheus/tests/*.yml: for every alert rule (name and severity) there is an alert_rule_test
/// that expects it firing with that severity, and one for its name with <c>exp_alerts: []</c> evaluated after the
/// rule's <c>for</c> has elapsed, so it is silent because the series are healthy, not because it is still pending.
/// </summary>
public sealed class AlertUnitTestCoverageTests
{
    public static TheoryData<string> PrometheusAlerts => new(RuleFiles.PrometheusAlerts.Select(a => $"{a.Name}|{a.Severity}"));

    private static IReadOnlyList<(string File, string Alert, TimeSpan EvalTime, IReadOnlyList<JsonNode> Expected)> Cases { get; } = LoadCases();

    [Theory]
    [MemberData(nameof(PrometheusAlerts))]
    public void Alert_HasAUnitTestWhereItFiresWithItsSeverity(string alert)
    {
        (string name, string severity) = Split(alert);

        bool fires = Cases.Any(c => c.Alert == name && c.Expected.Any(e => e["exp_labels"].Text("severity") == severity));

        Assert.True(fires, $"No promtool test expects {name} to fire with severity={severity} (prometheus/tests/*.yml).");
    }

    [Theory]
    [MemberData(nameof(PrometheusAlerts))]
    public void Alert_HasAUnitTestWhereItStaysSilentAfterItsForDuration(string alert)
    {
        (string name, string severity) = Split(alert);
        AlertRule rule = RuleFiles.PrometheusAlerts.Single(a => a.Name == name && a.Severity == severity);

        bool silent = Cases.Any(c => c.Alert == name && c.Expected.Count == 0 && c.EvalTime > rule.For);

        Assert.True(silent, $"No promtool test expects {name} silent (exp_alerts: []) at an eval_time after its for ({rule.For}).");
    }

    [Fact]
    public void UnitTests_OnlyNameAlertsThatExist()
    {
        var names = RuleFiles.PrometheusAlerts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Cases.Where(c => !names.Contains(c.Alert)).Select(c => $"{c.File}: {c.Alert}"));
    }

    [Fact]
    public void UnitTestFiles_LoadTheRepositoryRuleFiles()
    {
        foreach (string file in MonitoringPaths.PromtoolTestFiles)
        {
            string[] ruleFiles = YamlJson.Load(file).Items("rule_files").Select(n => n.ToString()).ToArray();
            Assert.Equal(["../recording_rules.yml", "../alerts.yml"], ruleFiles);
        }
    }

    private static (string Name, string Severity) Split(string alert)
    {
        string[] parts = alert.Split('|');
        return (parts[0], parts[1]);
    }

    private static List<(string, string, TimeSpan, IReadOnlyList<JsonNode>)> LoadCases()
    {
        var cases = new List<(string, string, TimeSpan, IReadOnlyList<JsonNode>)>();
        foreach (string file in MonitoringPaths.PromtoolTestFiles)
        {
            foreach (JsonNode test in YamlJson.Load(file).Items("tests"))
            {
                foreach (JsonNode check in test.Items("alert_rule_test"))
                {
                    cases.Add((Path.GetFileName(file), check.Text("alertname"), PromDuration.Parse(check.Text("eval_time")), check.Items("exp_alerts").ToList()));
                }
            }
        }

        return cases;
    }
}
