using System.Text.RegularExpressions;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Terraform;

/// <summary>
/// infrastructure/terraform: formatting and module loading by the real terraform, and the cross-references that
/// <c>terraform validate</c> would check (it cannot run here: it needs the AWS, TLS and random providers from the
/// Terraform registry, which this machine cannot reach).
/// </summary>
public sealed partial class TerraformTests
{
    private static readonly string Root = Path.Combine(RepositoryLayout.Infrastructure, "terraform");

    private static readonly HashSet<string> MetaArguments = new(StringComparer.Ordinal) { "source", "version", "providers", "depends_on", "count", "for_each" };

    public static TheoryData<string> Modules => [.. Directory.EnumerateDirectories(Path.Combine(Root, "modules")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    public static TheoryData<string> Environments => [.. Directory.EnumerateDirectories(Path.Combine(Root, "environments")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal)];

    [Fact]
    public void TerraformFiles_AreFormatted()
    {
        ToolResult result = HostCommand.Run("terraform", ["fmt", "-check", "-recursive", "-diff", "-no-color", Root]);
        Assert.True(result.ExitCode == 0, result.Describe("terraform fmt -check -recursive"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Environment_LoadsWithItsModules(string environment)
    {
        // `terraform get` reads the configuration and installs the local modules without any provider; it runs on a
        // copy so no .terraform folder is left in the repository.
        string copy = Directory.CreateTempSubdirectory("agentry-terraform-").FullName;
        CopyFolder(Root, copy);
        ToolResult result = HostCommand.Run("terraform", ["get", "-no-color"], Path.Combine(copy, "environments", environment));
        Directory.Delete(copy, recursive: true);
        Assert.True(result.ExitCode == 0, result.Describe($"terraform get ({environment})"));
    }

    [Theory]
    [MemberData(nameof(Modules))]
    public void Module_DeclaresAndDescribesEveryVariable_AndDescribesEveryOutput(string module)
    {
        string folder = Path.Combine(Root, "modules", module);
        Assert.True(File.Exists(Path.Combine(folder, "versions.tf")), $"{module} pins no provider versions (versions.tf).");
        var variables = TerraformBlock.In(folder, "variable");
        HashSet<string> declared = variables.Select(v => v.Label).ToHashSet(StringComparer.Ordinal);
        foreach (string used in Directory.EnumerateFiles(folder, "*.tf").SelectMany(f => VariableUse().Matches(File.ReadAllText(f))).Select(m => m.Groups["name"].Value).Distinct())
        {
            Assert.True(declared.Contains(used), $"{module} uses var.{used}, which it does not declare.");
        }

        foreach (TerraformBlock block in variables.Concat(TerraformBlock.In(folder, "output")))
        {
            Assert.True(block.Arguments.Contains("description"), $"{module}: {block.Kind} {block.Label} has no description.");
            Assert.True(block.Kind == "output" || block.Arguments.Contains("type"), $"{module}: variable {block.Label} has no type.");
        }

        Assert.NotEmpty(TerraformBlock.In(folder, "output"));
    }

    [Theory]
    [MemberData(nameof(Environments))]
    public void Environment_GivesEveryModuleItsRequiredVariables_AndReadsOnlyOutputsThatExist(string environment)
    {
        string folder = Path.Combine(Root, "environments", environment);
        var calls = TerraformBlock.In(folder, "module").ToDictionary(m => m.Label, StringComparer.Ordinal);
        Assert.NotEmpty(calls);
        foreach (TerraformBlock call in calls.Values)
        {
            string source = Assert.Single(Source().Matches(call.Body)).Groups["path"].Value;
            string module = Path.GetFullPath(Path.Combine(folder, source));
            Assert.True(Directory.Exists(module), $"module {call.Label}: {source} does not exist.");
            var variables = TerraformBlock.In(module, "variable");
            foreach (string argument in call.Arguments.Where(a => !MetaArguments.Contains(a)))
            {
                Assert.True(variables.Any(v => v.Label == argument), $"module {call.Label} is given {argument}, which {source} does not declare.");
            }

            foreach (TerraformBlock required in variables.Where(v => !v.Arguments.Contains("default")))
            {
                Assert.True(call.Arguments.Contains(required.Label), $"module {call.Label} lacks the required variable {required.Label}.");
            }
        }

        foreach (Match use in Directory.EnumerateFiles(folder, "*.tf").SelectMany(f => OutputUse().Matches(File.ReadAllText(f))))
        {
            string name = use.Groups["module"].Value;
            Assert.True(calls.ContainsKey(name), $"{use.Value}: there is no module {name}.");
            string module = Path.GetFullPath(Path.Combine(folder, Source().Match(calls[name].Body).Groups["path"].Value));
            Assert.True(TerraformBlock.In(module, "output").Any(o => o.Label == use.Groups["output"].Value), $"{use.Value}: the module has no such output.");
        }
    }

    [Fact]
    public void Redis_IsEncryptedInTransitAndAtRest_WithAnAuthToken()
    {
        TerraformBlock group = Assert.Single(TerraformBlock.Parse(File.ReadAllText(Path.Combine(Root, "modules", "redis", "main.tf"))), b => b.Label == "aws_elasticache_replication_group");
        Assert.Matches(@"transit_encryption_enabled\s*=\s*true", group.Body);
        Assert.Matches(@"at_rest_encryption_enabled\s*=\s*true", group.Body);
        Assert.Matches(@"auth_token\s*=\s*random_password\.", group.Body);
        Assert.Matches(@"automatic_failover_enabled\s*=\s*true", group.Body);
    }

    private static void CopyFolder(string from, string to)
    {
        foreach (string file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}.terraform", StringComparison.Ordinal)))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"\bvar\.(?<name>[a-z_][a-z0-9_]*)")]
    private static partial Regex VariableUse();

    [GeneratedRegex(@"\bmodule\.(?<module>[a-z_][a-z0-9_]*)\.(?<output>[a-z_][a-z0-9_]*)")]
    private static partial Regex OutputUse();

    [GeneratedRegex(@"^  source\s*=\s*""(?<path>[^""]+)""", RegexOptions.Multiline)]
    private static partial Regex Source();
}
