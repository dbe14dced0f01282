using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>The provisioning files give the dashboards what their variables expect.</summary>
public sealed class GrafanaProvisioningTests
{
    [Fact]
    public void Datasources_HaveTheFixedUidsTheDashboardsDefaultTo()
    {
        var datasources = YamlJson.Load(MonitoringPaths.Datasources).Items("datasources")
            .ToDictionary(d => d.Text("type"), d => d, StringComparer.Ordinal);

        Assert.Equal("prometheus", datasources["prometheus"].Text("uid"));
        Assert.Equal("http://prometheus:9090", datasources["prometheus"].Text("url"));
        Assert.Equal("loki", datasources["loki"].Text("uid"));
        Assert.Equal("http://loki:3100", datasources["loki"].Text("url"));
        Assert.Equal("http://alertmanager:9093", datasources["alertmanager"].Text("url"));
    }

    [Fact]
    public void DashboardProvider_LoadsTheMountedDashboardFolder()
    {
        var provider = YamlJson.Load(MonitoringPaths.DashboardProvider).Items("providers").Single();

        Assert.Equal("file", provider.Text("type"));
        Assert.Equal("/var/lib/grafana/dashboards", provider["options"].Text("path"));
    }
}
