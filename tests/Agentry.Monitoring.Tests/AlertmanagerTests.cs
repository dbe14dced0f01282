using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;
using Agentry.Testing;

namespace Agentry.Monitoring.Tests;

/// <summary>alertmanager.yml: valid for amtool, routes by severity, and a real Alertmanager inhibits as intended.</summary>
public sealed partial class AlertmanagerTests
{
    [Fact]
    public async Task CheckConfig_Passes()
    {
        ToolRun run = await Amtool("check-config", MonitoringPaths.Alertmanager);

        Assert.True(run.Succeeded, run.Output);
    }

    [Theory]
    [InlineData("page", "pager")]
    [InlineData("ticket", "ticket")]
    [InlineData("", "ticket")]
    public async Task Routes_SendEachSeverityToItsReceiver(string severity, string receiver)
    {
        ToolRun run = await Amtool("config", "routes", "test", $"--config.file={MonitoringPaths.Alertmanager}",
            $"--verify.receivers={receiver}", "alertname=AgentryTest", $"severity={severity}");

        Assert.True(run.Succeeded, run.Output);
    }

    [Fact]
    public void EveryAlertSeverity_HasARoute()
    {
        string[] routed = YamlJson.Load(MonitoringPaths.Alertmanager)["route"].Items("routes")
            .SelectMany(r => r.Items("matchers")).Select(m => m.ToString()).ToArray();

        foreach (string severity in RuleFiles.AllAlerts.Select(a => a.Severity).Distinct())
        {
            Assert.Contains($"severity = \"{severity}\"", routed);
        }
    }

    [Fact]
    public void InhibitRules_NameOnlyAlertsThatExist()
    {
        var alerts = RuleFiles.AllAlerts.Select(a => a.Name).ToHashSet(StringComparer.Ordinal);
        IEnumerable<string> matchers = YamlJson.Load(MonitoringPaths.Alertmanager).Items("inhibit_rules")
            .SelectMany(r => r.Items("source_matchers").Concat(r.Items("target_matchers"))).Select(m => m.ToString());

        foreach (Match match in matchers.Select(m => AlertnameMatcher().Match(m)).Where(m => m.Success))
        {
            foreach (string name in match.Groups["names"].Value.Split('|'))
            {
                Assert.True(alerts.Contains(name), $"An inhibit rule names {name}, which no rule file defines.");
            }
        }
    }

    [Fact]
    public async Task Inhibition_HoldsTicketsBackWhileTheirPageFires_AndNothingElse()
    {
        int port = FreePort.Next();
        await using LocalServer alertmanager = await LocalServer.StartAsync("prometheus-alertmanager", "prometheus-alertmanager", port, directory =>
        [
            $"--config.file={MonitoringPaths.Alertmanager}",
            $"--storage.path={directory}",
            $"--web.listen-address=127.0.0.1:{port}",
            "--cluster.listen-address=",
        ], "/-/ready");

        await PostAlertsAsync(alertmanager,
            Alert("AgentryErrorBudgetBurn", "page"),
            Alert("AgentryErrorBudgetBurn", "ticket"),
            Alert("AgentryRunLatencyBudgetBurn", "ticket"),
            Alert("AgentryBudgetExhausted", "page", ("scope", "default"), ("budget_period", "daily")),
            Alert("AgentryBudgetLow", "ticket", ("scope", "default"), ("budget_period", "daily")),
            Alert("AgentryBudgetLow", "ticket", ("scope", "default"), ("budget_period", "monthly")),
            Alert("AgentryServiceDown", "page", ("job", "agentry")),
            Alert("AgentryInstanceDown", "ticket", ("job", "agentry"), ("instance", "10.0.0.2:8000")),
            Alert("AgentryRedisDown", "page", ("job", "redis"), ("instance", "redis-exporter:9121")),
            Alert("AgentryRedisMemoryHigh", "ticket", ("job", "redis"), ("instance", "redis-exporter:9121")),
            Alert("AgentryRedisMemoryHigh", "ticket", ("job", "redis"), ("instance", "other-redis:9121")));

        Dictionary<string, bool> inhibited = await InhibitedAsync(alertmanager, expected: 11, expectedInhibited: 4);

        Assert.True(inhibited["AgentryErrorBudgetBurn/ticket"], "The slow-burn ticket must wait while the fast-burn page fires.");
        Assert.False(inhibited["AgentryErrorBudgetBurn/page"]);
        Assert.False(inhibited["AgentryRunLatencyBudgetBurn/ticket"], "A ticket with no page of its own must not be inhibited.");
        Assert.True(inhibited["AgentryBudgetLow/ticket/daily"]);
        Assert.False(inhibited["AgentryBudgetLow/ticket/monthly"], "Only the budget period that is exhausted is inhibited.");
        Assert.True(inhibited["AgentryInstanceDown/ticket"]);
        Assert.True(inhibited["AgentryRedisMemoryHigh/ticket/redis-exporter:9121"]);
        Assert.False(inhibited["AgentryRedisMemoryHigh/ticket/other-redis:9121"], "Another Redis instance is not inhibited.");
    }

    private static JsonObject Alert(string name, string severity, params (string Key, string Value)[] labels)
    {
        var set = new JsonObject { ["alertname"] = name, ["severity"] = severity };
        foreach ((string key, string value) in labels)
        {
            set[key] = value;
        }

        return new JsonObject
        {
            ["labels"] = set,
            ["annotations"] = new JsonObject { ["summary"] = "test" },
            ["startsAt"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        };
    }

    private static async Task PostAlertsAsync(LocalServer alertmanager, params JsonObject[] alerts)
    {
        using var content = new StringContent(new JsonArray(alerts).ToJsonString(), System.Text.Encoding.UTF8, "application/json");
        using HttpResponseMessage response = await alertmanager.Http.PostAsync(new Uri("/api/v2/alerts", UriKind.Relative), content);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Key: alertname/severity, plus budget_period or instance when the test sends several.</summary>
    private static async Task<Dictionary<string, bool>> InhibitedAsync(LocalServer alertmanager, int expected, int expectedInhibited)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            JsonElement alerts = await alertmanager.Http.GetFromJsonAsync<JsonElement>(new Uri("/api/v2/alerts", UriKind.Relative));
            // The inhibitor learns about source alerts asynchronously: wait until it has caught up.
            int inhibitedNow = alerts.EnumerateArray().Count(a => a.GetProperty("status").GetProperty("inhibitedBy").GetArrayLength() > 0);
            if ((alerts.GetArrayLength() >= expected && inhibitedNow >= expectedInhibited) || DateTime.UtcNow > deadline)
            {
                var result = new Dictionary<string, bool>(StringComparer.Ordinal);
                foreach (JsonElement alert in alerts.EnumerateArray())
                {
                    JsonElement labels = alert.GetProperty("labels");
                    string key = $"{labels.GetProperty("alertname").GetString()}/{labels.GetProperty("severity").GetString()}";
                    if (labels.TryGetProperty("budget_period", out JsonElement period))
                    {
                        key += "/" + period.GetString();
                    }
                    else if (labels.TryGetProperty("instance", out JsonElement instance) && key.StartsWith("AgentryRedis", StringComparison.Ordinal))
                    {
                        key += "/" + instance.GetString();
                    }

                    result[key] = alert.GetProperty("status").GetProperty("inhibitedBy").GetArrayLength() > 0;
                }

                Assert.True(result.Count >= expected, $"Alertmanager holds {result.Count} alerts, expected {expected}:\n{alerts}\n{alertmanager.Log}");
                return result;
            }

            await Task.Delay(200);
        }
    }

    private static Task<ToolRun> Amtool(params string[] arguments) =>
        ToolRunner.RunAsync("amtool", "prometheus-alertmanager", arguments);

    [GeneratedRegex("""^alertname\s*=~?\s*"(?<names>[^"]+)"$""")]
    private static partial Regex AlertnameMatcher();
}
