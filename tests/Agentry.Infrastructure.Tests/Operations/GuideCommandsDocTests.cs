using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Operations;

/// <summary>docs/guide-commands.md stays true: every test it names exists, and every command of the guide has a row.</summary>
public sealed partial class GuideCommandsDocTests
{
    private static readonly string Document = RepositoryLayout.InRoot("docs", "guide-commands.md");

    [Fact]
    public void EveryTestTheTableNames_Exists()
    {
        string[] sources = Directory.EnumerateFiles(RepositoryLayout.InRoot("tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .ToArray();
        var missing = new List<string>();
        int named = 0;
        foreach (string row in File.ReadLines(Document).Where(l => l.StartsWith("| ", StringComparison.Ordinal)).Skip(2))
        {
            string tests = row.Split('|', StringSplitOptions.TrimEntries)[^2];
            foreach (Match test in TestName().Matches(tests))
            {
                named++;
                string type = test.Groups["type"].Value;
                string? file = sources.FirstOrDefault(f => Path.GetFileNameWithoutExtension(f) == type);
                string method = test.Groups["method"].Value.TrimEnd('_');
                if (file is null || (method.Length > 0 && !File.ReadAllText(file).Contains(" " + method, StringComparison.Ordinal)))
                {
                    missing.Add(test.Value);
                }
            }
        }

        Assert.True(named >= 15, $"Only {named} test names were read from the table: is its format still `Project/ClassTests.Method…`?");
        Assert.True(missing.Count == 0, "docs/guide-commands.md names tests that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void EveryCommandOfTheGuide_HasARow()
    {
        string guide = File.ReadAllText(Path.Combine(RepositoryLayout.Root, "..", "shared", "spec", "infrastructure-guide.md"));
        string table = File.ReadAllText(Document);
        string[] missing = GuideCommand().Matches(guide)
            .Select(m => m.Groups["command"].Value.Trim())
            .Select(c => string.Join(' ', c.Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(3)))
            .Distinct(StringComparer.Ordinal)
            .Where(c => !table.Contains(c, StringComparison.Ordinal))
            .ToArray();

        Assert.True(missing.Length == 0, "Commands of the guide with no row in docs/guide-commands.md: " + string.Join(" | ", missing));
    }

    [GeneratedRegex(@"`(?:[A-Za-z]+\.Tests/|[A-Za-z]+/)?(?<type>[A-Z][A-Za-z]+Tests)(?:\.(?<method>[A-Za-z_]+)…?)?`")]
    private static partial Regex TestName();

    [GeneratedRegex(@"^(?<command>(?:kubectl|docker-compose|k6) [^\n#]*)", RegexOptions.Multiline)]
    private static partial Regex GuideCommand();
}
