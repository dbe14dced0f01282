using System.Text.RegularExpressions;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>Just enough LogQL reading to list the stream labels and the parsed (| json) fields a query uses.</summary>
internal static partial class LogQl
{
    public static IReadOnlySet<string> StreamLabels(string query)
    {
        string text = PromQl.WithoutStrings(query);
        return Selector().Matches(text).SelectMany(m => Matcher().Matches(m.Value).Select(l => l.Groups["label"].Value)).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Fields read after the json parser: label filters, unwrap, line_format templates, grouping.</summary>
    public static IReadOnlySet<string> Fields(string query)
    {
        var fields = new HashSet<string>(StringComparer.Ordinal);
        fields.UnionWith(TemplateField().Matches(query).Select(m => m.Groups["field"].Value));
        string text = PromQl.WithoutStrings(query);
        fields.UnionWith(Filter().Matches(text).Select(m => m.Groups["field"].Value));
        fields.UnionWith(Unwrap().Matches(text).Select(m => m.Groups["field"].Value));
        foreach (Match grouping in Grouping().Matches(text))
        {
            fields.UnionWith(grouping.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        }

        return fields;
    }

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Selector();

    [GeneratedRegex(@"(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|=)")]
    private static partial Regex Matcher();

    [GeneratedRegex(@"\{\{\s*\.(?<field>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex TemplateField();

    [GeneratedRegex(@"\|\s*(?<field>[A-Za-z_][A-Za-z0-9_]*)\s*(=~|!~|!=|==|=|>=|<=|>|<)")]
    private static partial Regex Filter();

    [GeneratedRegex(@"\bunwrap\s+(?<field>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Unwrap();

    [GeneratedRegex(@"\b(by|without)\s*\((?<fields>[^()]*)\)")]
    private static partial Regex Grouping();
}
