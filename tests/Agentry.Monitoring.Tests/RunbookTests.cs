using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>Every runbook_url resolves to docs/runbooks/&lt;alert&gt;.md with the sections an on-call engineer needs.</summary>
public sealed partial class RunbookTests
{
    private static readonly string[] Sections = ["## Meaning", "## Confirm", "## Act", "## Roll back"];

    public static TheoryData<string> RunbookFiles =>
        new(RuleFiles.AllAlerts.Select(a => RunbookName().Match(a.Annotations.GetValueOrDefault("runbook_url", "")).Groups["file"].Value).Distinct());

    [Theory]
    [MemberData(nameof(RunbookFiles))]
    public void Runbook_ExistsWithMeaningConfirmActAndRollBack(string file)
    {
        string path = Path.Combine(MonitoringPaths.RunbooksDirectory, file);
        Assert.True(File.Exists(path), $"docs/runbooks/{file} does not exist.");
        string text = File.ReadAllText(path);

        foreach (string section in Sections)
        {
            Assert.True(Regex.IsMatch(text, $"^{Regex.Escape(section)}\\s*$", RegexOptions.Multiline), $"docs/runbooks/{file} has no '{section}' section.");
        }

        Assert.Contains("](../incident-response.md)", text, StringComparison.Ordinal);
        Assert.StartsWith($"# {Path.GetFileNameWithoutExtension(file)}", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Runbooks_BelongToAlertsThatExist()
    {
        var alerts = RuleFiles.AllAlerts.Select(a => a.Name + ".md").ToHashSet(StringComparer.Ordinal);
        string[] orphans = Directory.EnumerateFiles(MonitoringPaths.RunbooksDirectory, "*.md").Select(Path.GetFileName)
            .Where(f => f != "README.md" && !alerts.Contains(f!)).Select(f => f!).ToArray();

        Assert.Empty(orphans);
    }

    [Fact]
    public void RunbookIndex_ListsEveryRunbook()
    {
        string index = File.ReadAllText(Path.Combine(MonitoringPaths.RunbooksDirectory, "README.md"));

        foreach (string alert in RuleFiles.AllAlerts.Select(a => a.Name).Distinct())
        {
            Assert.Contains($"]({alert}.md)", index, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IncidentResponseGuide_Exists()
    {
        Assert.True(File.Exists(MonitoringPaths.IncidentResponse), "docs/incident-response.md is linked from every runbook.");
    }

    [Fact]
    public void RunbookLinksToOtherRunbooks_Resolve()
    {
        foreach (string path in Directory.EnumerateFiles(MonitoringPaths.RunbooksDirectory, "*.md"))
        {
            foreach (Match link in RelativeLink().Matches(File.ReadAllText(path)))
            {
                string target = Path.GetFullPath(Path.Combine(MonitoringPaths.RunbooksDirectory, link.Groups["target"].Value));
                Assert.True(File.Exists(target), $"{Path.GetFileName(path)} links to {link.Groups["target"].Value}, which does not exist.");
            }
        }
    }

    [GeneratedRegex(@"/docs/runbooks/(?<file>[A-Za-z0-9]+\.md)$")]
    private static partial Regex RunbookName();

    [GeneratedRegex(@"\]\((?<target>[^):#]+\.md)\)")]
    private static partial Regex RelativeLink();
}
