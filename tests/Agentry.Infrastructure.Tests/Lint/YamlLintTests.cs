using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Lint;

/// <summary>yamllint over the deployment assets: syntax, duplicate keys, indentation, trailing spaces.</summary>
public sealed class YamlLintTests
{
    private const string Config =
        "{extends: default, rules: {line-length: {max: 160}, document-start: disable, truthy: {check-keys: false}}}";

    [Fact]
    public void DeploymentAssets_PassYamlLint()
    {
        List<string> files = Directory.EnumerateFiles(RepositoryLayout.Docker, "*.yml")
            .Concat(Directory.EnumerateFiles(RepositoryLayout.Kubernetes, "*.yaml", SearchOption.AllDirectories))
            .Append(Path.Combine(RepositoryLayout.Kubernetes, "base", "secret.yaml.template"))
            .ToList();
        Assert.True(files.Count > 20);
        ToolResult result = HostCommand.Run("yamllint", ["--strict", "-f", "parsable", "-d", Config, .. files]);
        Assert.True(result.ExitCode == 0, result.Describe("yamllint"));
    }
}
