using System.Text.RegularExpressions;

namespace Agentry.Infrastructure.Tests.Compose;

/// <summary>.env.example documents every setting the Compose files read, and holds no secret.</summary>
public sealed class EnvExampleTests
{
    /// <summary>Read by docker-compose itself, not by interpolation.</summary>
    private static readonly string[] ComposeCliVariables = ["COMPOSE_PROJECT_NAME"];

    [Fact]
    public void EnvExample_ListsExactlyTheVariablesTheComposeFilesRead()
    {
        var read = ComposeFiles.Variables(ComposeFiles.BasePath).Concat(ComposeFiles.Variables(ComposeFiles.OverridePath)).ToHashSet(StringComparer.Ordinal);
        var listed = Entries().Select(e => e.Key).Where(k => !ComposeCliVariables.Contains(k)).ToHashSet(StringComparer.Ordinal);
        Assert.True(read.SetEquals(listed), $"Read but not listed: {string.Join(", ", read.Except(listed))}. Listed but never read: {string.Join(", ", listed.Except(read))}.");
    }

    [Fact]
    public void EnvExample_DefaultsEqualTheComposeFileDefaults()
    {
        // Copying .env.example to .env unchanged must give the same stack as no .env at all.
        string text = File.ReadAllText(ComposeFiles.BasePath) + File.ReadAllText(ComposeFiles.OverridePath);
        foreach ((string key, string value) in Entries().Where(e => !ComposeCliVariables.Contains(e.Key)))
        {
            foreach (Match use in Regex.Matches(text, @"\$\{" + key + @":-(?<default>[^}]*)\}"))
            {
                Assert.True(use.Groups["default"].Value == value, $"{key}: .env.example says '{value}', the Compose file defaults to '{use.Groups["default"].Value}'.");
            }
        }
    }

    [Fact]
    public void EnvExample_HoldsNoSecret()
    {
        foreach ((string key, string value) in Entries())
        {
            Assert.DoesNotMatch(@"sk-ant-|sk-[A-Za-z0-9]{20,}", value);
            Assert.False(
                Regex.IsMatch(key, "(KEY|PASSWORD|TOKEN|SECRET)$", RegexOptions.None, TimeSpan.FromSeconds(1)) && value.Length > 0,
                $"{key} looks like a secret; secrets are files under secrets/, named by *_FILE settings.");
        }
    }

    private static List<(string Key, string Value)> Entries() =>
        File.ReadAllLines(ComposeFiles.EnvExamplePath)
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line =>
            {
                int equals = line.IndexOf('=', StringComparison.Ordinal);
                Assert.True(equals > 0, $".env.example: '{line}' is not KEY=value.");
                return (line[..equals], line[(equals + 1)..]);
            })
            .ToList();
}
