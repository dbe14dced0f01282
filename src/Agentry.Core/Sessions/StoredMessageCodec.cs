using System.Text.Json;
using Agentry.Core.Tools;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Sessions;

/// <summary>Converts chat messages to and from their storage form (JSON, UTF-8).</summary>
public static class StoredMessageCodec
{
    public static StoredMessage ToStored(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var parts = new List<StoredPart>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text when text.Text.Length > 0:
                    parts.Add(new StoredPart { Kind = "t", Text = text.Text });
                    break;
                case FunctionCallContent call:
                    parts.Add(new StoredPart { Kind = "c", CallId = call.CallId, Name = call.Name, Arguments = ToolArguments.ToJson(call.Arguments) });
                    break;
                case FunctionResultContent result:
                    parts.Add(new StoredPart { Kind = "r", CallId = result.CallId, Text = ResultText(result.Result) });
                    break;
            }
        }

        return new StoredMessage { Role = message.Role.Value, Parts = parts };
    }

    public static ChatMessage FromStored(StoredMessage stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var contents = new List<AIContent>(stored.Parts.Count);
        foreach (StoredPart part in stored.Parts)
        {
            switch (part.Kind)
            {
                case "t":
                    contents.Add(new TextContent(part.Text));
                    break;
                case "c":
                    contents.Add(new FunctionCallContent(part.CallId ?? "", part.Name ?? "", ToDictionary(part.Arguments)));
                    break;
                case "r":
                    contents.Add(new FunctionResultContent(part.CallId ?? "", part.Text));
                    break;
            }
        }

        return new ChatMessage(new ChatRole(stored.Role), contents);
    }

    public static byte[] Serialize(IReadOnlyList<ChatMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var stored = new StoredMessage[messages.Count];
        for (int i = 0; i < stored.Length; i++)
        {
            stored[i] = ToStored(messages[i]);
        }

        return JsonSerializer.SerializeToUtf8Bytes(stored, StoreJsonContext.Default.StoredMessageArray);
    }

    public static List<ChatMessage> Deserialize(ReadOnlySpan<byte> utf8)
    {
        StoredMessage[] stored = JsonSerializer.Deserialize(utf8, StoreJsonContext.Default.StoredMessageArray) ?? [];
        var messages = new List<ChatMessage>(stored.Length);
        foreach (StoredMessage message in stored)
        {
            messages.Add(FromStored(message));
        }

        return messages;
    }

    private static Dictionary<string, object?>? ToDictionary(JsonElement? arguments)
    {
        if (arguments is not { ValueKind: JsonValueKind.Object } json)
        {
            return null;
        }

        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in json.EnumerateObject())
        {
            result[property.Name] = property.Value.Clone();
        }

        return result;
    }

    /// <summary>A tool result as text, whatever form the provider or the store gave it.</summary>
    public static string? ResultText(object? result) => result switch
    {
        null => null,
        string text => text,
        JsonElement json => json.ValueKind == JsonValueKind.String ? json.GetString() : json.GetRawText(),
        _ => JsonSerializer.Serialize(result, AIJsonUtilities.DefaultOptions.GetTypeInfo(result.GetType())),
    };
}
