using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>The rule and config files pass Prometheus's own checker, and every promtool unit test passes.</summary>
public sealed class PromtoolTests
{
    [Fact]
    public async Task CheckConfig_ComposePrometheusConfig_IsValidWithItsRuleFiles()
    {
        ToolRun run = await Promtool("check", "config", MonitoringPaths.PrometheusConfig);

        Assert.True(run.Succeeded, run.Output);
        Assert.Contains("2 rule files found", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckRules_AlertsAndRecordingRules_AreValid()
    {
        ToolRun run = await Promtool("check", "rules", MonitoringPaths.RecordingRules, MonitoringPaths.Alerts);

        Assert.True(run.Succeeded, run.Output);
    }

    [Fact]
    public async Task TestRules_EveryUnitTestFile_Passes()
    {
        string[] files = MonitoringPaths.PromtoolTestFiles.ToArray();
        Assert.NotEmpty(files);

        ToolRun run = await Promtool(["test", "rules", .. files]);

        Assert.True(run.Succeeded, run.Output);
    }

    private static Task<ToolRun> Promtool(params string[] arguments) =>
        ToolRunner.RunAsync("promtool", "prometheus", arguments, MonitoringPaths.PrometheusDirectory);
}
