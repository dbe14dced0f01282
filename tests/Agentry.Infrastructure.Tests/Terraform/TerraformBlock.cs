using System.Text.RegularExpressions;

namespace Agentry.Infrastructure.Tests.Terraform;

/// <summary>
/// A top-level block of a Terraform file (<c>variable "name" { ... }</c>), found by brace matching. Enough for the
/// cross-reference checks that stand in for <c>terraform validate</c>, which needs provider downloads.
/// </summary>
internal sealed partial record TerraformBlock(string Kind, string Label, string Body)
{
    /// <summary>The blocks of one kind in every .tf file of a folder (not below it).</summary>
    public static IReadOnlyList<TerraformBlock> In(string folder, string kind) =>
        Directory.EnumerateFiles(folder, "*.tf").SelectMany(file => Parse(File.ReadAllText(file))).Where(b => b.Kind == kind).ToList();

    /// <summary>Names of the block's own arguments (<c>name = ...</c> at its top level, as terraform fmt indents them).</summary>
    public IReadOnlySet<string> Arguments => TopLevelArgument().Matches(Body).Select(m => m.Groups["name"].Value).ToHashSet(StringComparer.Ordinal);

    public static IEnumerable<TerraformBlock> Parse(string text)
    {
        foreach (Match header in Header().Matches(text))
        {
            int open = header.Index + header.Length - 1;
            int depth = 0;
            for (int i = open; i < text.Length; i++)
            {
                depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    yield return new TerraformBlock(header.Groups["kind"].Value, header.Groups["label"].Value, text[(open + 1)..i]);
                    break;
                }
            }
        }
    }

    [GeneratedRegex(@"^(?<kind>variable|output|module|resource|data)\s+""(?<label>[^""]+)""(\s+""[^""]+"")?\s*\{", RegexOptions.Multiline)]
    private static partial Regex Header();

    [GeneratedRegex(@"^  (?<name>[a-z_][a-z0-9_]*)\s*=", RegexOptions.Multiline)]
    private static partial Regex TopLevelArgument();
}
