using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>What a log shipper config does with Agentry's lines: the JSON fields it extracts and the labels it sets.</summary>
internal sealed partial record LogPipeline(string Name, IReadOnlyList<IReadOnlyDictionary<string, string>> JsonStages, IReadOnlySet<string> Labels)
{
    /// <summary>The source field of every extraction (the expression, or the name when the expression is empty).</summary>
    public IReadOnlySet<string> ExtractedFields =>
        JsonStages.SelectMany(stage => stage.Select(pair => pair.Value.Length > 0 ? pair.Value : pair.Key)).ToHashSet(StringComparer.Ordinal);

    public static LogPipeline Promtail()
    {
        JsonNode config = YamlJson.Load(MonitoringPaths.Promtail);
        var stages = config.Descendants().Where(o => o["json"] is JsonObject).Select(o => o["json"].Map("expressions")).ToList();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonObject node in config.Descendants())
        {
            if (node["target_label"] is JsonValue target && !target.ToString().StartsWith("__", StringComparison.Ordinal))
            {
                labels.Add(target.ToString());
            }

            if (node["labels"] is JsonObject labelStage && node.Count == 1)
            {
                labels.UnionWith(labelStage.Select(p => p.Key));
            }
        }

        return new LogPipeline("promtail", stages, labels);
    }

    public static LogPipeline Alloy()
    {
        string config = StripComments(File.ReadAllText(MonitoringPaths.Alloy));
        var stages = new List<IReadOnlyDictionary<string, string>>();
        foreach (string block in Blocks(config, "stage.json"))
        {
            string expressions = Blocks(block, "expressions =").Single();
            stages.Add(Assignment().Matches(expressions).ToDictionary(m => m.Groups["key"].Value, m => m.Groups["value"].Value, StringComparer.Ordinal));
        }

        var labels = new HashSet<string>(StringComparer.Ordinal);
        labels.UnionWith(TargetLabel().Matches(config).Select(m => m.Groups["label"].Value).Where(l => !l.StartsWith("__", StringComparison.Ordinal)));
        foreach (string block in Blocks(config, "stage.labels"))
        {
            labels.UnionWith(Assignment().Matches(Blocks(block, "values =").Single()).Select(m => m.Groups["key"].Value));
        }

        return new LogPipeline("alloy", stages, labels);
    }

    /// <summary>The text inside the braces that follow each occurrence of <paramref name="header"/>.</summary>
    public static IEnumerable<string> Blocks(string text, string header)
    {
        int at = 0;
        while ((at = text.IndexOf(header, at, StringComparison.Ordinal)) >= 0)
        {
            int open = text.IndexOf('{', at);
            int depth = 0;
            for (int i = open; i < text.Length; i++)
            {
                depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
                if (depth == 0)
                {
                    yield return text[(open + 1)..i];
                    at = i;
                    break;
                }
            }

            at++;
        }
    }

    private static string StripComments(string text) => Comment().Replace(text, "");

    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex("""(?<key>[A-Za-z_][A-Za-z0-9_]*)\s*=\s*"(?<value>[^"]*)"\s*,?""")]
    private static partial Regex Assignment();

    [GeneratedRegex("target_label\\s*=\\s*\"(?<label>[^\"]+)\"")]
    private static partial Regex TargetLabel();
}
