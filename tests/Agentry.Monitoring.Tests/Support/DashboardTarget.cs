using System.Text.Json.Nodes;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>One query of a dashboard panel, with the datasource it names.</summary>
internal sealed record DashboardTarget(string Dashboard, string Panel, string RefId, JsonNode? Datasource, string Expression, string Legend = "")
{
    public string DatasourceType => Datasource.Text("type");

    public string DatasourceUid => Datasource.Text("uid");

    public override string ToString() => $"{Dashboard} / {Panel} / {RefId}: {Expression}";
}
