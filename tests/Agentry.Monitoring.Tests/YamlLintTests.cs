using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>Every YAML file of the monitoring stack passes yamllint (strict: warnings fail too).</summary>
public sealed class YamlLintTests
{
    [Fact]
    public async Task YamlLint_PassesOnEveryMonitoringYamlFile()
    {
        string[] files = Directory.EnumerateFiles(MonitoringPaths.Root, "*.yml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(MonitoringPaths.Root, "*.yaml", SearchOption.AllDirectories)).ToArray();
        Assert.True(files.Length >= 10, $"Expected the monitoring YAML files under {MonitoringPaths.Root}, found {files.Length}.");

        ToolRun run = await ToolRunner.RunAsync("yamllint", "yamllint", ["--strict", "-c", MonitoringPaths.YamlLintConfig, .. files]);

        Assert.True(run.Succeeded, run.Output);
    }
}
