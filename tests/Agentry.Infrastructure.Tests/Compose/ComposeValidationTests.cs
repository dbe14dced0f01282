using System.Text.Json;
using Agentry.Infrastructure.Tests.Support;
using Json.Schema;

namespace Agentry.Infrastructure.Tests.Compose;

/// <summary>The Compose files against the Compose Specification schema and the real docker-compose.</summary>
public sealed class ComposeValidationTests
{
    private static readonly Lazy<JsonSchema> ComposeSchema = new(() =>
        JsonSchema.FromFile(RepositoryLayout.RequireFile(Path.Combine(RepositoryLayout.SharedSchemas, "compose-spec.json"), "The Compose Specification schema")));

    public static TheoryData<string> Files => [ComposeFiles.BasePath, ComposeFiles.OverridePath];

    [Theory]
    [MemberData(nameof(Files))]
    public void ComposeFile_ValidatesAgainstTheComposeSpecification(string path)
    {
        AssertValid(ComposeFiles.Load(path), Path.GetFileName(path));
    }

    [Fact]
    public void ComposeStack_MergedDevelopmentModel_ValidatesAgainstTheComposeSpecification()
    {
        AssertValid(ComposeFiles.Resolved(development: true), "docker-compose config (development)");
    }

    [Fact]
    public void ComposeSchema_RejectsAMisspeltServiceKey()
    {
        // The check must have teeth: the spec forbids unknown service keys.
        using JsonDocument bad = JsonDocument.Parse("""{"services": {"a": {"image": "x:1", "helthcheck": {}}}}""");
        Assert.False(ComposeSchema.Value.Evaluate(bad.RootElement).IsValid);
    }

    [Fact]
    public void DockerCompose_Production_ConfigIsValid()
    {
        ToolResult result = ComposeFiles.Config(development: false, "-q");
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose -f docker-compose.yml config -q"));
    }

    [Fact]
    public void DockerCompose_Development_ConfigIsValid()
    {
        ToolResult result = ComposeFiles.Config(development: true, "-q");
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose config -q"));
    }

    [Fact]
    public void DockerCompose_Simulator_IsInTheDevelopmentStackOnly()
    {
        string[] production = Services(development: false);
        string[] development = Services(development: true);

        Assert.Equal(["agent", "alertmanager", "grafana", "loki", "prometheus", "promtail", "redis", "redis-exporter"], production);
        Assert.Equal([.. production, "simulator"], development);
        Assert.False(ComposeFiles.Service(ComposeFiles.Override, "simulator").TryGetProperty("profiles", out _), "a profiled service cannot be a dependency of the agent");
    }

    private static string[] Services(bool development)
    {
        ToolResult services = ComposeFiles.Config(development, "--services");
        Assert.True(services.ExitCode == 0, services.Describe("docker-compose config --services"));
        return services.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Order(StringComparer.Ordinal).ToArray();
    }

    private static void AssertValid(JsonElement document, string what)
    {
        EvaluationResults results = ComposeSchema.Value.Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (!results.IsValid)
        {
            IEnumerable<string> errors = (results.Details ?? [])
                .Where(d => d.Errors is { Count: > 0 })
                .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}");
            Assert.Fail($"{what} does not match the Compose Specification:\n{string.Join('\n', errors)}");
        }
    }
}
