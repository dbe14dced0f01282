using System.Text;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>
/// Builds one PrometheusRule per Prometheus rule file (infrastructure/kubernetes/base/prometheusrule-*.yaml); the
/// rule files stay the one source of truth. One object per file because group names need only be unique within a
/// file, as in Prometheus itself. The groups are copied as text (comments and block scalars kept), re-indented
/// under <c>spec.groups</c>.
/// </summary>
internal static class PrometheusRuleGenerator
{
    public const string RegenerateVariable = "AGENTRY_REGENERATE";

    /// <summary>Source rule file (in infrastructure/monitoring/prometheus), generated object name and file (in base).</summary>
    public static readonly (string Source, string ObjectName, string Output)[] Files =
    [
        ("recording_rules.yml", "agentry-recording-rules", "prometheusrule-recording-rules.yaml"),
        ("alerts.yml", "agentry-alerts", "prometheusrule-alerts.yaml"),
    ];

    private const int ItemIndent = 4;

    private const string Header = """
        # GENERATED from infrastructure/monitoring/prometheus/{source}, the one source of truth for these rules:
        # do not edit. Regenerate with infrastructure/kubernetes/generate-prometheusrule.sh;
        # tests/Agentry.Infrastructure.Tests fails when this file and its source drift apart.
        # kube-prometheus-stack selects PrometheusRules by its release label: set it to your release's name.
        apiVersion: monitoring.coreos.com/v1
        kind: PrometheusRule
        metadata:
          name: {name}
          labels:
            app.kubernetes.io/name: agentry
            app.kubernetes.io/component: monitoring
            app.kubernetes.io/version: "0.1.0"
            release: kube-prometheus-stack
        spec:
          groups:

        """;

    /// <param name="source">File name of the rule file, for the header and error messages.</param>
    /// <param name="objectName">metadata.name of the PrometheusRule.</param>
    /// <param name="text">The rule file's text.</param>
    public static string Generate(string source, string objectName, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new StringBuilder(Header.ReplaceLineEndings("\n").Replace("{source}", source, StringComparison.Ordinal).Replace("{name}", objectName, StringComparison.Ordinal));
        AppendGroups(output, source, text);
        return output.ToString();
    }

    private static void AppendGroups(StringBuilder output, string name, string text)
    {
        string[] lines = text.ReplaceLineEndings("\n").Split('\n');
        int start = Array.FindIndex(lines, line => line.TrimEnd() == "groups:");
        if (start < 0)
        {
            throw new InvalidOperationException($"{name}: no top-level 'groups:' line (block style expected).");
        }

        foreach (string before in lines[..start])
        {
            string trimmed = before.Trim();
            if (trimmed.Length > 0 && !trimmed.StartsWith('#') && trimmed != "---")
            {
                throw new InvalidOperationException($"{name}: only comments may precede 'groups:', found '{before}'.");
            }
        }

        List<string> body = lines[(start + 1)..].ToList();
        while (body.Count > 0 && (body[^1].Trim().Length == 0 || body[^1].Trim() == "..."))
        {
            body.RemoveAt(body.Count - 1);
        }

        string? firstItem = body.FirstOrDefault(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#'));
        if (firstItem is null || !firstItem.TrimStart().StartsWith("- ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{name}: 'groups:' must be followed by a block sequence of groups.");
        }

        int sourceIndent = Indent(firstItem);
        foreach (string line in body)
        {
            if (line.Trim().Length == 0)
            {
                output.Append('\n');
                continue;
            }

            int indent = Indent(line);
            bool comment = line.TrimStart().StartsWith('#');
            if (indent < sourceIndent && !comment)
            {
                throw new InvalidOperationException($"{name}: '{line.Trim()}' is a second top-level key; rule files hold only 'groups'.");
            }

            output.Append(' ', Math.Max(0, ItemIndent + indent - sourceIndent)).Append(line[indent..].TrimEnd()).Append('\n');
        }
    }

    private static int Indent(string line) => line.Length - line.TrimStart(' ').Length;
}
