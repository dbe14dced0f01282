using System.Text.RegularExpressions;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// Just enough PromQL reading to list the series names an expression selects and the range selectors it uses.
/// Strings, label matchers, ranges and label lists are blanked out first, so what is left that looks like an
/// identifier and is not a function call or a keyword is a metric (or recording rule) name.
/// </summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "and", "or", "unless", "by", "without", "on", "ignoring", "group_left", "group_right", "offset", "bool", "atan2",
        "inf", "nan",
    };

    public static IReadOnlySet<string> MetricNames(string expression)
    {
        string text = WithoutStrings(expression);
        text = Matchers().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        text = LabelLists().Replace(text, " ");
        text = TemplateVariables().Replace(text, " ");
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Match match in Identifier().Matches(text))
        {
            string name = match.Value;
            bool isCall = text.AsSpan(match.Index + match.Length).TrimStart().StartsWith("(");
            if (!isCall && !Keywords.Contains(name))
            {
                names.Add(name);
            }
        }

        return names;
    }

    /// <summary>The text between the brackets of every range selector or subquery, e.g. "5m" or "$__rate_interval".</summary>
    public static IEnumerable<string> RangeSelectors(string expression) =>
        Ranges().Matches(WithoutStrings(expression)).Select(m => m.Value[1..^1].Trim());

    /// <summary>The argument text of every call to <paramref name="function"/>, with nested parentheses.</summary>
    public static IEnumerable<string> CallArguments(string expression, string function)
    {
        string text = WithoutStrings(expression);
        foreach (Match match in Regex.Matches(text, $@"(?<![\w:]){Regex.Escape(function)}\s*\(", RegexOptions.CultureInvariant))
        {
            int depth = 0;
            int start = match.Index + match.Length;
            for (int i = start - 1; i < text.Length; i++)
            {
                depth += text[i] switch { '(' => 1, ')' => -1, _ => 0 };
                if (depth == 0)
                {
                    yield return text[start..i];
                    break;
                }
            }
        }
    }

    /// <summary>The expression with the contents of every quoted string emptied (quotes kept).</summary>
    public static string WithoutStrings(string expression) => Strings().Replace(expression, m => $"{m.Value[0]}{m.Value[0]}");

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex Strings();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Matchers();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex LabelLists();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex TemplateVariables();

    [GeneratedRegex(@"(?<![\w:.$])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
