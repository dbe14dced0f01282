using System.Text.RegularExpressions;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// No Alloy binary can run here: config.alloy is held to its syntax's structure (balanced blocks and strings) and
/// every component it wires to (x.y "label".receiver / .targets / .output / .rules) is one it defines.
/// </summary>
public sealed partial class AlloyConfigTests
{
    private static string Config => Comment().Replace(File.ReadAllText(MonitoringPaths.Alloy), "");

    [Fact]
    public void BracesBracketsAndQuotes_AreBalanced()
    {
        string text = PromQl.WithoutStrings(Config);

        Assert.Equal(0, Config.Count(c => c == '"') % 2);
        Assert.Equal(text.Count(c => c == '{'), text.Count(c => c == '}'));
        Assert.Equal(text.Count(c => c == '['), text.Count(c => c == ']'));
    }

    [Fact]
    public void EveryComponentReference_NamesADefinedComponent()
    {
        var defined = Component().Matches(Config).Select(m => $"{m.Groups["kind"].Value}.{m.Groups["label"].Value}").ToHashSet(StringComparer.Ordinal);
        string[] references = Reference().Matches(Config).Select(m => m.Groups["component"].Value).Distinct().ToArray();

        Assert.NotEmpty(references);
        Assert.All(references, reference => Assert.True(defined.Contains(reference), $"config.alloy uses {reference}, which it does not define. Defined: {string.Join(", ", defined)}"));
    }

    [Fact]
    public void Logs_EndInLokiThroughTheAgentryPipeline()
    {
        Assert.Contains("url = \"http://loki:3100/loki/api/v1/push\"", Config, StringComparison.Ordinal);
        Assert.Contains("forward_to = [loki.process.agentry.receiver]", Config, StringComparison.Ordinal);
        Assert.Contains("selector = \"{service=\\\"agentry\\\"}\"", Config, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^\s*//.*$", RegexOptions.Multiline)]
    private static partial Regex Comment();

    [GeneratedRegex("""^(?<kind>[a-z_]+(?:\.[a-z_]+)+)\s+"(?<label>[A-Za-z0-9_]+)"\s*\{""", RegexOptions.Multiline)]
    private static partial Regex Component();

    [GeneratedRegex(@"\b(?<component>(?:discovery|loki|local|prometheus)\.[a-z_.]+?)\.(?:receiver|targets|output|rules)\b")]
    private static partial Regex Reference();
}
