using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>
/// Reads YAML into <see cref="JsonNode"/>s, so tests navigate every config file the same way; and writes JSON back,
/// which every YAML parser (Prometheus included) reads as YAML.
/// </summary>
internal static partial class YamlJson
{
    public static JsonNode Load(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        Assert.True(stream.Documents.Count == 1, $"{MonitoringPaths.Relative(path)} must hold exactly one YAML document.");
        return Convert(stream.Documents[0].RootNode) ?? throw new InvalidOperationException($"{path} is empty.");
    }

    public static JsonObject LoadObject(string path) => Load(path).AsObject();

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new InvalidOperationException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? "";
            result[name] = Convert(value);
        }

        return result;
    }

    // YAML 1.2 core schema for plain scalars; quoted scalars are always strings.
    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        if (scalar.Style is not ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        return text switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when IntegerPattern().IsMatch(text) => JsonValue.Create(long.Parse(text, CultureInfo.InvariantCulture)),
            _ when FloatPattern().IsMatch(text) => JsonValue.Create(double.Parse(text, CultureInfo.InvariantCulture)),
            _ => JsonValue.Create(text),
        };
    }

    [GeneratedRegex(@"^[-+]?[0-9]+$")]
    private static partial Regex IntegerPattern();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex FloatPattern();
}
