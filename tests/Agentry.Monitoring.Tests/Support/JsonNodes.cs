using System.Text.Json.Nodes;

namespace Agentry.Monitoring.Tests.Support;

/// <summary>Small accessors over <see cref="JsonNode"/> trees read from YAML or JSON files.</summary>
internal static class JsonNodes
{
    public static IEnumerable<JsonNode> Items(this JsonNode? node, string property) =>
        node?[property] is JsonArray array ? array.Where(item => item is not null).Select(item => item!) : [];

    public static string Text(this JsonNode? node, string property) =>
        node?[property] is JsonValue value ? value.ToString() : "";

    public static IReadOnlyDictionary<string, string> Map(this JsonNode? node, string property) =>
        node?[property] is JsonObject map
            ? map.ToDictionary(pair => pair.Key, pair => pair.Value?.ToString() ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Every object in the tree (depth first), for "find all stages of this kind" checks.</summary>
    public static IEnumerable<JsonObject> Descendants(this JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                yield return obj;
                foreach (KeyValuePair<string, JsonNode?> pair in obj)
                {
                    foreach (JsonObject child in pair.Value.Descendants())
                    {
                        yield return child;
                    }
                }

                break;
            case JsonArray array:
                foreach (JsonNode? item in array)
                {
                    foreach (JsonObject child in item.Descendants())
                    {
                        yield return child;
                    }
                }

                break;
        }
    }
}
