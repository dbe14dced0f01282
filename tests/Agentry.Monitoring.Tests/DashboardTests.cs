using System.Text.Json;
using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;
using Json.Schema;

namespace Agentry.Monitoring.Tests;

/// <summary>Dashboards are in provisioning form, valid against Grafana's schema, and query through datasource variables.</summary>
public sealed class DashboardTests
{
    private static readonly Lazy<JsonSchema> Schema = new(() => JsonSchema.FromText(File.ReadAllText(MonitoringPaths.DashboardSchema)));

    public static TheoryData<string> Dashboards => new(MonitoringPaths.Dashboards.Select(Path.GetFileName)!);

    [Fact]
    public void Dashboards_CoverOverviewCostRedisAndLogs()
    {
        string[] uids = GrafanaDashboard.All.Select(d => d.Json.Text("uid")).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(["agentry-cost", "agentry-logs", "agentry-overview", "agentry-redis"], uids);
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_ValidatesAgainstTheGrafanaSchema(string file)
    {
        using JsonDocument dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(MonitoringPaths.DashboardsDirectory, file)));

        EvaluationResults results = Schema.Value.Evaluate(dashboard.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid, string.Join('\n', (results.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_IsInProvisioningFormWithAStableUid(string file)
    {
        GrafanaDashboard dashboard = Load(file);
        JsonObject json = dashboard.Json;

        Assert.Matches("^agentry-[a-z0-9-]{1,32}$", json.Text("uid"));
        Assert.Equal(Path.GetFileNameWithoutExtension(file), json.Text("uid"));
        Assert.False(json.ContainsKey("id"), "A provisioned dashboard has no numeric id.");
        Assert.False(json.ContainsKey("__inputs"), "'Export for sharing' form: provisioned, it shows no data.");
        Assert.False(json.ContainsKey("__requires"));
        Assert.DoesNotContain("${DS_", File.ReadAllText(dashboard.Path), StringComparison.Ordinal);
        Assert.Contains("agentry", dashboard.Json.Items("tags").Select(t => t.ToString()));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_HasADatasourceVariableDefaultingToTheProvisionedPrometheus(string file)
    {
        JsonObject? variable = Load(file).Variables.SingleOrDefault(v => v.Text("name") == "datasource");

        Assert.NotNull(variable);
        Assert.Equal("datasource", variable.Text("type"));
        Assert.Equal("prometheus", variable.Text("query"));
        Assert.Equal("prometheus", variable["current"].Text("value"));
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_EveryPanelAndTargetUsesADatasourceVariable(string file)
    {
        GrafanaDashboard dashboard = Load(file);
        var variables = dashboard.Variables.Where(v => v.Text("type") == "datasource")
            .ToDictionary(v => v.Text("query"), v => "${" + v.Text("name") + "}", StringComparer.Ordinal);

        Assert.NotEmpty(dashboard.Targets);
        foreach (DashboardTarget target in dashboard.Targets)
        {
            Assert.True(target.DatasourceType is "prometheus" or "loki", $"{target}: datasource type must be prometheus or loki.");
            Assert.True(variables.TryGetValue(target.DatasourceType, out string? uid) && target.DatasourceUid == uid,
                $"{target}: datasource must be {{\"type\":\"{target.DatasourceType}\",\"uid\":\"{uid}\"}}, got {target.Datasource?.ToJsonString()}.");
            Assert.False(string.IsNullOrWhiteSpace(target.Expression), $"{target}: empty query.");
        }

        foreach (JsonObject panel in dashboard.Panels.Where(p => p["datasource"] is not null))
        {
            string type = panel["datasource"].Text("type");
            Assert.Equal(variables[type], panel["datasource"].Text("uid"));
        }

        if (dashboard.Json.Text("uid") == "agentry-logs")
        {
            Assert.NotEmpty(dashboard.LokiTargets);
            Assert.Equal("loki", dashboard.Variables.Single(v => v.Text("name") == "loki").Text("query"));
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_RateUsesRateIntervalAndOtherRangesUseRateIntervalOrRange(string file)
    {
        foreach (DashboardTarget target in Load(file).PrometheusTargets)
        {
            foreach (string function in new[] { "rate", "irate" })
            {
                foreach (string arguments in PromQl.CallArguments(target.Expression, function))
                {
                    Assert.All(PromQl.RangeSelectors(arguments), range => Assert.True(range == "$__rate_interval", $"{target}: {function}() must use [$__rate_interval], not [{range}]."));
                }
            }

            Assert.All(PromQl.RangeSelectors(target.Expression), range =>
                Assert.True(range is "$__rate_interval" or "$__range", $"{target}: range [{range}] must be $__rate_interval or $__range."));
        }
    }

    [Theory]
    [MemberData(nameof(Dashboards))]
    public void Dashboard_PanelIdsAreUniqueAndPanelsFitTheGrid(string file)
    {
        IReadOnlyList<JsonObject> panels = Load(file).Panels;
        int[] ids = panels.Select(p => p["id"]!.GetValue<int>()).ToArray();

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(panels, p => Assert.True(p["gridPos"]!["x"]!.GetValue<int>() + p["gridPos"]!["w"]!.GetValue<int>() <= 24, $"Panel '{p.Text("title")}' is wider than the grid."));
        Assert.All(panels.Where(p => p.Text("type") != "row"), p => Assert.False(string.IsNullOrWhiteSpace(p.Text("description")), $"Panel '{p.Text("title")}' needs a description."));
    }

    private static GrafanaDashboard Load(string file) => GrafanaDashboard.All.Single(d => d.Name == file);
}
