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
        AssertValid(ComposeFiles.Resolved(development: true, profile: "simulator"), "docker-compose config (development, simulator profile)");
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
        ToolResult result = ComposeFiles.Config(development: false, profile: null, "-q");
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose -f docker-compose.yml config -q"));
    }

    [Fact]
    public void DockerCompose_DevelopmentWithSimulatorProfile_ConfigIsValid()
    {
        ToolResult result = ComposeFiles.Config(development: true, profile: "simulator", "-q");
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose --profile simulator config -q"));
    }

    [Fact]
    public void DockerCompose_Profiles_KeepTheSimulatorOutOfTheDefaultStack()
    {
        ToolResult services = ComposeFiles.Config(development: false, profile: null, "--services");
        Assert.True(services.ExitCode == 0, services.Describe("docker-compose config --services"));
        string[] names = services.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(
            ["agent", "alertmanager", "grafana", "loki", "prometheus", "promtail", "redis", "redis-exporter", "simulator"],
            names.Order(StringComparer.Ordinal));
        Assert.Equal(["simulator"], ComposeFiles.Service(ComposeFiles.Base, "simulator").GetProperty("profiles").EnumerateArray().Select(p => p.GetString()));
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
