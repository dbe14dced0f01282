using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>The Loki config and its ruler agree with where the rules live and where alerts go.</summary>
public sealed class LokiConfigTests
{
    [Fact]
    public void Ruler_ReadsLocalRulesAndSendsToAlertmanager()
    {
        JsonNode ruler = YamlJson.Load(MonitoringPaths.LokiConfig)["ruler"]!;

        Assert.Equal("local", ruler["storage"].Text("type"));
        Assert.Equal("/etc/loki/rules", ruler["storage"]!["local"].Text("directory"));
        Assert.Equal("http://alertmanager:9093", ruler.Text("alertmanager_url"));
    }

    [Fact]
    public void RuleFiles_SitInTheTenantDirectoryOfASingleTenantLoki()
    {
        JsonNode config = YamlJson.Load(MonitoringPaths.LokiConfig);
        Assert.False(config["auth_enabled"]!.GetValue<bool>());

        Assert.NotEmpty(MonitoringPaths.LokiRuleFiles);
        Assert.All(MonitoringPaths.LokiRuleFiles, file => Assert.Equal("fake", Path.GetFileName(Path.GetDirectoryName(file))));
    }

    [Fact]
    public void StructuredMetadata_IsAllowedForTheIdsThePipelinesSend()
    {
        JsonNode limits = YamlJson.Load(MonitoringPaths.LokiConfig)["limits_config"]!;

        Assert.True(limits["allow_structured_metadata"]!.GetValue<bool>());
    }

    [Fact]
    public void LokiAlerts_AreTheLogBasedOnesTheConventionsAsk()
    {
        Assert.Equal(["AgentryErrorLogsHigh", "AgentrySecretInLogs", "AgentryUnhandledException"], RuleFiles.LokiAlerts.Select(a => a.Name).Order(StringComparer.Ordinal));
    }
}
