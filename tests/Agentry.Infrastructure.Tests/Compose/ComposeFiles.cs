using System.Text.Json;
using System.Text.Json.Nodes;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Compose;

/// <summary>The Compose files, read as JSON, and <c>docker-compose config</c> over them.</summary>
internal static class ComposeFiles
{
    public static readonly string BasePath = Path.Combine(RepositoryLayout.Docker, "docker-compose.yml");
    public static readonly string OverridePath = Path.Combine(RepositoryLayout.Docker, "docker-compose.override.yml");
    public static readonly string EnvExamplePath = Path.Combine(RepositoryLayout.Docker, ".env.example");

    private static readonly Lazy<JsonElement> BaseFile = new(() => Load(BasePath));
    private static readonly Lazy<JsonElement> OverrideFile = new(() => Load(OverridePath));

    public static JsonElement Base => BaseFile.Value;

    public static JsonElement Override => OverrideFile.Value;

    public static JsonElement Service(JsonElement compose, string name) =>
        compose.GetProperty("services").TryGetProperty(name, out JsonElement service)
            ? service
            : throw new Xunit.Sdk.XunitException($"The Compose file has no service '{name}'.");

    public static IEnumerable<(string Name, JsonElement Service)> Services(JsonElement compose) =>
        compose.GetProperty("services").EnumerateObject().Select(p => (p.Name, p.Value));

    public static JsonElement Load(string path) => ToElement(YamlJson.ParseFile(path));

    public static JsonElement ToElement(JsonNode? node) => JsonSerializer.SerializeToElement(node);

    /// <summary>
    /// <c>docker-compose config</c> with .env.example as the environment file, so a developer's own .env never
    /// changes the outcome. <paramref name="development"/> adds the override file (as a plain `up` would).
    /// </summary>
    public static ToolResult Config(bool development, params string[] extra)
    {
        var arguments = new List<string> { "--env-file", EnvExamplePath, "-f", BasePath };
        if (development)
        {
            arguments.AddRange(["-f", OverridePath]);
        }

        arguments.Add("config");
        arguments.AddRange(extra);
        return HostCommand.Run("docker-compose", arguments, RepositoryLayout.Docker);
    }

    /// <summary>The merged, interpolated model docker-compose would run (paths made absolute).</summary>
    public static JsonElement Resolved(bool development)
    {
        ToolResult result = Config(development);
        Assert.True(result.ExitCode == 0, result.Describe("docker-compose config"));
        return ToElement(YamlJson.Parse(result.StandardOutput));
    }

    /// <summary>Every <c>${VAR}</c>, <c>${VAR:-default}</c> or <c>${VAR-default}</c> a file interpolates.</summary>
    public static IEnumerable<string> Variables(string path) =>
        System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(path), @"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)")
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal);
}
