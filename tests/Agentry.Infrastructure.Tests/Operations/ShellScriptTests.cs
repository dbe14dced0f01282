using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Operations;

/// <summary>Every shell script of the repository passes shellcheck; every operations script explains itself.</summary>
public sealed class ShellScriptTests
{
    private static readonly string Scripts = Path.Combine(RepositoryLayout.Infrastructure, "scripts");

    public static TheoryData<string> OperationsScripts => [.. Directory.EnumerateFiles(Scripts, "*.sh").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void EveryShellScript_PassesShellCheck()
    {
        string[] skipped = ["bin", "obj", "artifacts", "node_modules", ".git"];
        List<string> files = Directory.EnumerateFiles(RepositoryLayout.Root, "*.sh", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(RepositoryLayout.Root, f).Split(Path.DirectorySeparatorChar).Any(skipped.Contains))
            .Append(RepositoryLayout.InRoot(".ci", "run"))
            .Order(StringComparer.Ordinal)
            .ToList();
        Assert.Contains(files, f => f.EndsWith("redis-backup.sh", StringComparison.Ordinal));

        // -x with SCRIPTDIR follows each script's `source` of its lib/ helpers, so they are checked in context.
        ToolResult result = HostCommand.Run("shellcheck", ["--external-sources", "--source-path=SCRIPTDIR", "--format=gcc", .. files]);
        Assert.True(result.ExitCode == 0, result.Describe("shellcheck"));
    }

    [Theory]
    [MemberData(nameof(OperationsScripts))]
    public void OperationsScript_AnswersHelp_AndStopsOnAnUnknownArgument(string script)
    {
        string path = Path.Combine(Scripts, script);
        Assert.StartsWith("#!/usr/bin/env bash\n", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("set -euo pipefail", File.ReadAllText(path), StringComparison.Ordinal);

        ToolResult help = HostCommand.Run("bash", [path, "--help"]);
        Assert.True(help.ExitCode == 0 && help.StandardOutput.StartsWith($"Usage: {script}", StringComparison.Ordinal), help.Describe($"{script} --help"));

        ToolResult wrong = HostCommand.Run("bash", [path, "--no-such-option", "x"]);
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("--no-such-option", wrong.StandardError, StringComparison.Ordinal);
    }
}
