using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agentry.Core.Sessions;

/// <summary>
/// The storage form of one chat message: only what the loop needs (text, tool calls, tool results), with a
/// shape we own, so stored sessions do not depend on a library's serialisation format.
/// </summary>
public sealed class StoredMessage
{
    [JsonPropertyName("r")]
    public required string Role { get; init; }

    [JsonPropertyName("p")]
    public required IReadOnlyList<StoredPart> Parts { get; init; }
}

/// <summary>One part of a stored message; <see cref="Kind"/> is <c>t</c> (text), <c>c</c> (tool call) or <c>r</c> (tool result).</summary>
public sealed class StoredPart
{
    [JsonPropertyName("k")]
    public required string Kind { get; init; }

    [JsonPropertyName("x")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Text { get; init; }

    [JsonPropertyName("i")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? CallId { get; init; }

    [JsonPropertyName("n")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }

    [JsonPropertyName("a")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Arguments { get; init; }
}
