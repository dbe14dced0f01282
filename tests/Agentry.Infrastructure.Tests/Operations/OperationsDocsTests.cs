using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Operations;

/// <summary>The operations documents exist, the README leads to them, and their relative links resolve.</summary>
public sealed partial class OperationsDocsTests
{
    public static TheoryData<string> Documents =>
    [
        "docs/operations.md",
        "docs/incident-response.md",
        "docs/guide-commands.md",
        "infrastructure/terraform/README.md",
        "infrastructure/kubernetes/overlays/canary/README.md",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Document_Exists_AndItsRelativeLinksResolve(string document)
    {
        string path = RepositoryLayout.RequireFile(RepositoryLayout.InRoot(document.Split('/')), document);
        foreach (Match link in RelativeLink().Matches(File.ReadAllText(path)))
        {
            string target = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, link.Groups["target"].Value));
            Assert.True(File.Exists(target) || Directory.Exists(target), $"{document} links to {link.Groups["target"].Value}, which does not exist.");
        }
    }

    [Fact]
    public void Readme_LinksTheOperationsDocuments()
    {
        string readme = File.ReadAllText(RepositoryLayout.InRoot("README.md"));
        foreach (string document in new[] { "docs/operations.md", "docs/incident-response.md", "infrastructure/terraform/README.md" })
        {
            Assert.Contains($"]({document})", readme, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void IncidentResponse_HasSeverityOnCallFirstMinutesDebugCommandsAndPostMortem()
    {
        string text = File.ReadAllText(RepositoryLayout.InRoot("docs", "incident-response.md"));
        foreach (string section in new[] { "## Severity levels", "## On-call", "## The first 15 minutes", "## Debug commands", "## Post-mortem" })
        {
            Assert.Contains($"\n{section}\n", text, StringComparison.Ordinal);
        }

        // The guide's debug commands, with this deployment's names.
        Assert.Contains("kubectl get events -n production-agents --sort-by='.lastTimestamp'", text, StringComparison.Ordinal);
        Assert.Contains("kubectl describe hpa agent-hpa -n production-agents", text, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"\]\((?<target>(\.\./|[A-Za-z0-9_.-]+/)[^):#\s]*|[A-Za-z0-9_-]+\.md)(#[^)]*)?\)")]
    private static partial Regex RelativeLink();
}
