using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Agentry.Infrastructure.Tests.Support;

/// <summary>
/// YAML to <see cref="JsonNode"/>, so JSON Schema can judge YAML files. Plain scalars follow the YAML 1.2 core
/// schema (null, booleans, integers, floats); quoted and block scalars stay strings; aliases resolve.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(new StringReader(yaml))));
        Assert.True(stream.Documents.Count == 1, $"Expected one YAML document, found {stream.Documents.Count}.");
        return Convert(stream.Documents[0].RootNode);
    }

    public static JsonNode? ParseFile(string path) => Parse(File.ReadAllText(path));

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ConvertMapping(mapping),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(Convert).ToArray()),
        YamlScalarNode scalar => ConvertScalar(scalar),
        _ => throw new InvalidOperationException($"Unsupported YAML node {node.NodeType} at {node.Start}."),
    };

    private static JsonObject ConvertMapping(YamlMappingNode mapping)
    {
        var json = new JsonObject();
        foreach ((YamlNode key, YamlNode value) in mapping.Children)
        {
            string name = ((YamlScalarNode)key).Value ?? string.Empty;
            Assert.False(json.ContainsKey(name), $"Duplicate key '{name}' at {key.Start}.");
            json[name] = Convert(value);
        }

        return json;
    }

    private static JsonValue? ConvertScalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }

        if (text is "true" or "True" or "TRUE")
        {
            return JsonValue.Create(true);
        }

        if (text is "false" or "False" or "FALSE")
        {
            return JsonValue.Create(false);
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long integer))
        {
            return JsonValue.Create(integer);
        }

        if (text.Any(char.IsDigit)
            && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number)
            && !text.Contains(':', StringComparison.Ordinal))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }
}
