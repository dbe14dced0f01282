using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>Every alert (Prometheus and Loki ruler) is routable, explained, and linked to its runbook.</summary>
public sealed partial class AlertRuleTests
{
    public static TheoryData<string> Alerts => new(RuleFiles.AllAlerts.Select(a => $"{a.Name}|{a.Severity}|{Path.GetFileName(a.File)}").Distinct());

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Alert_HasSeveritySummaryDescriptionAndRunbookUrl(string alert)
    {
        foreach (AlertRule rule in Find(alert))
        {
            Assert.True(rule.Severity is "page" or "ticket", $"{rule}: severity must be 'page' or 'ticket' (Alertmanager routes on it).");
            foreach (string annotation in new[] { "summary", "description", "runbook_url" })
            {
                Assert.True(rule.Annotations.TryGetValue(annotation, out string? text) && !string.IsNullOrWhiteSpace(text), $"{rule}: annotation '{annotation}' is missing.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Alerts))]
    public void Alert_RunbookUrlNamesTheAlertsOwnRunbook(string alert)
    {
        foreach (AlertRule rule in Find(alert))
        {
            Match match = RunbookUrl().Match(rule.Annotations["runbook_url"]);
            Assert.True(match.Success, $"{rule}: runbook_url must end in /docs/runbooks/<alert>.md, got {rule.Annotations["runbook_url"]}.");
            Assert.Equal(rule.Name, match.Groups["name"].Value);
        }
    }

    [Fact]
    public void AlertNames_AreUniquePerSeverity()
    {
        var duplicates = RuleFiles.AllAlerts.GroupBy(a => (a.Name, a.Severity)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Fact]
    public void AlertNames_StartWithAgentry()
    {
        Assert.All(RuleFiles.AllAlerts, a => Assert.StartsWith("Agentry", a.Name, StringComparison.Ordinal));
    }

    [Fact]
    public void Alerts_CoverEveryAlertTheObservabilityConventionsList()
    {
        // OBSERVABILITY.md, "Alerts": the names chosen here for each item of that list.
        string[] expected =
        [
            "AgentryErrorBudgetBurn", "AgentryRunLatencyBudgetBurn", "AgentryProviderErrorRatioHigh", "AgentryProviderRateLimited",
            "AgentryModelLatencyHigh", "AgentryTimeToFirstTokenHigh", "AgentryCircuitBreakerOpen", "AgentryToolErrorRatioHigh",
            "AgentryBudgetLow", "AgentryBudgetExhausted", "AgentrySpendSpike", "AgentryResponseCacheHitRatioLow",
            "AgentryServiceDown", "AgentryServiceAbsent", "AgentryThreadPoolQueueBacklog", "AgentryKestrelConnectionsRejected",
            "AgentryRedisDown", "AgentryRedisMemoryHigh", "AgentryRedisEvictingKeys", "AgentryRedisRejectedConnections",
            "AgentryErrorLogsHigh", "AgentrySecretInLogs", "AgentryUnhandledException",
        ];
        var names = RuleFiles.AllAlerts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(expected, name => Assert.Contains(name, names));
    }

    [Fact]
    public void SloBurnRateAlerts_PageAndTicketUnderOneName()
    {
        foreach (string name in new[] { "AgentryErrorBudgetBurn", "AgentryRunLatencyBudgetBurn" })
        {
            string[] severities = RuleFiles.PrometheusAlerts.Where(a => a.Name == name).Select(a => a.Severity).Order(StringComparer.Ordinal).ToArray();
            Assert.Equal(["page", "ticket"], severities);
        }
    }

    private static IEnumerable<AlertRule> Find(string key)
    {
        string[] parts = key.Split('|');
        return RuleFiles.AllAlerts.Where(a => a.Name == parts[0] && a.Severity == parts[1] && Path.GetFileName(a.File) == parts[2]);
    }

    [GeneratedRegex(@"/docs/runbooks/(?<name>[A-Za-z0-9]+)\.md$")]
    private static partial Regex RunbookUrl();
}
