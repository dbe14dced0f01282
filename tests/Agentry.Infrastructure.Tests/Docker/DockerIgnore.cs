using System.Text;
using System.Text.RegularExpressions;

namespace Agentry.Infrastructure.Tests.Docker;

/// <summary>
/// .dockerignore matching as Docker does it: patterns relative to the context root, <c>*</c> and <c>?</c> within a
/// path segment, <c>**</c> across segments, <c>!</c> to re-include; the last matching line wins, and a pattern
/// that matches a folder excludes everything under it.
/// </summary>
internal sealed class DockerIgnore
{
    private readonly List<(Regex Pattern, bool Exclude)> _rules;

    private DockerIgnore(List<(Regex, bool)> rules) => _rules = rules;

    public static DockerIgnore Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = new List<(Regex, bool)>();
        foreach (string raw in text.ReplaceLineEndings("\n").Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            bool exclude = !line.StartsWith('!');
            string pattern = (exclude ? line : line[1..]).Trim().Trim('/');
            rules.Add((new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)), exclude));
        }

        return new DockerIgnore(rules);
    }

    /// <param name="relativePath">Path relative to the context root, '/'-separated.</param>
    public bool IsExcluded(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string path = relativePath.Replace('\\', '/').Trim('/');
        bool excluded = false;
        foreach ((Regex pattern, bool exclude) in _rules)
        {
            if (SelfOrAncestors(path).Any(pattern.IsMatch))
            {
                excluded = exclude;
            }
        }

        return excluded;
    }

    private static IEnumerable<string> SelfOrAncestors(string path)
    {
        for (int slash = path.IndexOf('/', StringComparison.Ordinal); slash >= 0; slash = path.IndexOf('/', slash + 1))
        {
            yield return path[..slash];
        }

        yield return path;
    }

    private static string ToRegex(string pattern)
    {
        var regex = new StringBuilder();
        for (int i = 0; i < pattern.Length; i++)
        {
            char c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                bool slashFollows = i + 2 < pattern.Length && pattern[i + 2] == '/';
                regex.Append(slashFollows ? "(.*/)?" : ".*");
                i += slashFollows ? 2 : 1;
            }
            else
            {
                regex.Append(c switch
                {
                    '*' => "[^/]*",
                    '?' => "[^/]",
                    _ => Regex.Escape(c.ToString()),
                });
            }
        }

        return regex.ToString();
    }
}
