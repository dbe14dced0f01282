using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>A provisioned dashboard file: its panels (rows flattened), queries and template variables.</summary>
internal sealed partial class GrafanaDashboard
{
    /// <summary>Values for Grafana's built-in variables when a query is sent to Prometheus directly.</summary>
    private static readonly Dictionary<string, string> BuiltIns = new(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m",
        ["__interval"] = "15s",
        ["__range"] = "1h",
        ["__auto"] = "1m",
    };

    private GrafanaDashboard(string path, JsonObject json)
    {
        Path = path;
        Json = json;
        Name = System.IO.Path.GetFileName(path);
    }

    public string Path { get; }

    public string Name { get; }

    public JsonObject Json { get; }

    public IReadOnlyList<JsonObject> Panels =>
        Json.Items("panels").SelectMany(p => p.Text("type") == "row" ? p.Items("panels").Prepend(p) : Enumerable.Repeat(p, 1))
            .Select(p => p.AsObject()).ToList();

    public IReadOnlyList<JsonObject> Variables => Json["templating"].Items("list").Select(v => v.AsObject()).ToList();

    public IReadOnlyList<DashboardTarget> Targets =>
        Panels.SelectMany(panel => panel.Items("targets").Select(target => new DashboardTarget(
            Name, panel.Text("title"), target.Text("refId"), target["datasource"], target.Text("expr"), target.Text("legendFormat")))).ToList();

    public IReadOnlyList<DashboardTarget> PrometheusTargets => Targets.Where(t => t.DatasourceType == "prometheus").ToList();

    public IReadOnlyList<DashboardTarget> LokiTargets => Targets.Where(t => t.DatasourceType == "loki").ToList();

    /// <summary>Annotation queries against Prometheus, as targets.</summary>
    public IReadOnlyList<DashboardTarget> PrometheusAnnotations =>
        Json["annotations"].Items("list").Where(a => a["datasource"].Text("type") == "prometheus")
            .Select(a => new DashboardTarget(Name, "annotation " + a.Text("name"), "", a["datasource"], a.Text("expr"))).ToList();

    public static IReadOnlyList<GrafanaDashboard> All =>
        MonitoringPaths.Dashboards.Select(path => new GrafanaDashboard(path, JsonNode.Parse(File.ReadAllText(path))!.AsObject())).ToList();

    /// <summary>
    /// The expression as Grafana would send it with every variable at its default: "All" becomes the variable's
    /// allValue, a datasource variable its default uid, a textbox its current text. Unknown names (such as
    /// <c>$1</c> in label_replace) stay as they are.
    /// </summary>
    public string Substitute(string expression)
    {
        var values = new Dictionary<string, string>(BuiltIns, StringComparer.Ordinal);
        foreach (JsonObject variable in Variables)
        {
            values[variable.Text("name")] = DefaultValue(variable);
        }

        return Variable().Replace(expression, m =>
        {
            string name = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            return values.TryGetValue(name, out string? value) ? value : m.Value;
        });
    }

    private static string DefaultValue(JsonObject variable)
    {
        if (variable["includeAll"]?.GetValue<bool>() == true && variable.Text("allValue") is { Length: > 0 } all)
        {
            return all;
        }

        JsonNode? current = variable["current"]?["value"];
        return current switch
        {
            JsonArray array => array.FirstOrDefault()?.ToString() ?? "",
            JsonValue value => value.ToString(),
            _ => variable.Text("query"),
        };
    }

    [GeneratedRegex(@"\$\{(\w+)(?::\w+)?\}|\$(\w+)")]
    private static partial Regex Variable();
}
