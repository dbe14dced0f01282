using System.Text.Json.Nodes;
using Agentry.Infrastructure.Tests.Kubernetes.Crds;
using Agentry.Infrastructure.Tests.Support;

namespace Agentry.Infrastructure.Tests.Kubernetes;

/// <summary>
/// The PrometheusRules are derived from infrastructure/monitoring/prometheus: they must never drift from the rule
/// files. Set AGENTRY_REGENERATE=1 (infrastructure/kubernetes/generate-prometheusrule.sh does) to rewrite them instead.
/// </summary>
public sealed class PrometheusRuleTests
{
    public static TheoryData<string> Sources => [.. PrometheusRuleGenerator.Files.Select(f => f.Source)];

    [Theory]
    [MemberData(nameof(Sources))]
    public void PrometheusRule_MatchesItsMonitoringRuleFile(string source)
    {
        (string _, string objectName, string output) = File(source);
        string expected = PrometheusRuleGenerator.Generate(source, objectName, ReadSource(source));
        string committed = Path.Combine(RepositoryLayout.Kubernetes, "base", output);
        if (Environment.GetEnvironmentVariable(PrometheusRuleGenerator.RegenerateVariable) == "1")
        {
            System.IO.File.WriteAllText(committed, expected);
        }

        string actual = System.IO.File.Exists(committed) ? System.IO.File.ReadAllText(committed).ReplaceLineEndings("\n") : string.Empty;
        if (actual != expected)
        {
            string[] a = actual.Split('\n');
            string[] e = expected.Split('\n');
            int line = Enumerable.Range(0, Math.Min(a.Length, e.Length)).FirstOrDefault(i => a[i] != e[i], Math.Min(a.Length, e.Length));
            Assert.Fail(
                $"infrastructure/kubernetes/base/{output} has drifted from infrastructure/monitoring/prometheus/{source} (first difference at line {line + 1}:\n" +
                $"  committed: {(line < a.Length ? a[line] : "<end>")}\n  generated: {(line < e.Length ? e[line] : "<end>")}).\n" +
                "Run infrastructure/kubernetes/generate-prometheusrule.sh and commit the result.");
        }
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void PrometheusRule_HoldsExactlyTheGroupsOfItsRuleFile(string source)
    {
        // The textual generator is checked against a structural reading of the same file.
        (string _, string objectName, string _) = File(source);
        string text = ReadSource(source);
        JsonNode generated = YamlJson.Parse(PrometheusRuleGenerator.Generate(source, objectName, text))!;
        Assert.True(JsonNode.DeepEquals(YamlJson.Parse(text)!["groups"], generated["spec"]!["groups"]), $"The generated spec.groups differ from the groups of {source}.");
    }

    [Theory]
    [MemberData(nameof(Sources))]
    public void PrometheusRule_LoadsStrictlyWithUniqueGroupsAndWellFormedRules(string source)
    {
        (string _, string objectName, string _) = File(source);
        PrometheusRule rule = Assert.IsType<PrometheusRule>(Assert.Single(KustomizeOverlays.LoadStrict(PrometheusRuleGenerator.Generate(source, objectName, ReadSource(source)))));
        Assert.Equal(objectName, rule.Metadata.Name);
        Assert.NotEmpty(rule.Spec.Groups);
        var names = rule.Spec.Groups.Select(g => g.Name).ToList();
        Assert.True(names.Count == names.Distinct(StringComparer.Ordinal).Count(), $"Group names repeat in {source}: {string.Join(", ", names)}");
        foreach (PrometheusRuleEntry entry in rule.Spec.Groups.SelectMany(g => g.Rules))
        {
            Assert.True(entry.Alert is null ^ entry.Record is null, $"A rule must be an alert or a record, not both or neither: {entry.Expr}");
            Assert.False(string.IsNullOrWhiteSpace(entry.Expr), $"{entry.Alert ?? entry.Record} has no expr.");
            if (entry.Alert is not null)
            {
                Assert.True(entry.Labels?.ContainsKey("severity") == true, $"Alert {entry.Alert} has no severity label.");
            }
        }
    }

    [Fact]
    public void PrometheusRules_AreListedInTheBaseKustomizationAndRendered()
    {
        RenderedOverlay rendered = KustomizeOverlays.Render("overlays/production");
        Assert.Equal(
            PrometheusRuleGenerator.Files.Select(f => f.ObjectName).Order(StringComparer.Ordinal),
            rendered.All<PrometheusRule>().Select(r => r.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Generator_ReindentsGroupsAndKeepsCommentsAndBlockScalars()
    {
        const string text = """
            # leading comment
            groups:
            - name: a
              rules:
              - record: x:rate5m
                expr: |
                  sum(rate(x[5m]))
              # between groups
            - name: b
              rules:
              - alert: B
                expr: up == 0
                labels: {severity: page}
            """;
        string generated = PrometheusRuleGenerator.Generate("alerts.yml", "test", text);
        Assert.Contains("\n    - name: a\n      rules:\n      - record: x:rate5m\n        expr: |\n          sum(rate(x[5m]))\n", generated, StringComparison.Ordinal);
        Assert.Contains("\n      # between groups\n    - name: b\n", generated, StringComparison.Ordinal);
        PrometheusRule rule = Assert.IsType<PrometheusRule>(Assert.Single(KustomizeOverlays.LoadStrict(generated)));
        Assert.Equal(["a", "b"], rule.Spec.Groups.Select(g => g.Name));
        Assert.Equal("sum(rate(x[5m]))\n", rule.Spec.Groups[0].Rules[0].Expr);
    }

    [Fact]
    public void Generator_RuleFileWithAnotherTopLevelKey_IsRefused()
    {
        const string text = "groups:\n  - name: a\n    rules: []\nother: 1\n";
        Assert.Throws<InvalidOperationException>(() => PrometheusRuleGenerator.Generate("alerts.yml", "test", text));
    }

    private static (string Source, string ObjectName, string Output) File(string source) =>
        PrometheusRuleGenerator.Files.Single(f => f.Source == source);

    private static string ReadSource(string source) =>
        System.IO.File.ReadAllText(RepositoryLayout.RequireFile(
            Path.Combine(RepositoryLayout.Monitoring, "prometheus", source),
            $"The monitoring rule file {source} (the PrometheusRule is generated from it)"));
}
