using System.Text;
using System.Text.Json;
using Agentry.Providers.Simulator;
using Microsoft.Extensions.AI;

namespace Agentry.Simulator;

/// <summary>
/// Reads an Anthropic Messages request into a <see cref="SimulatorRequest"/>. Only fields the engine uses are
/// checked; anything else the real API accepts (temperature, tool_choice, thinking, ...) is ignored rather
/// than rejected, so new SDK versions keep working. Shape errors throw <see cref="JsonException"/>, which the
/// endpoint turns into Anthropic's <c>invalid_request_error</c>.
/// </summary>
internal static class AnthropicWireReader
{
    /// <summary><c>metadata.user_id</c> value that makes the reply report prompt-cache usage.</summary>
    public const string CacheTestUserId = "cache-test";

    /// <summary>System prompt marker with the same effect, for callers that cannot set metadata.</summary>
    public const string CacheTestMarker = "[simulate-cache]";

    public static AnthropicWireRequest Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("the request body must be a JSON object");
        }

        string model = RequiredString(root, "model");
        if (!root.TryGetProperty("max_tokens", out JsonElement maxTokens) || !maxTokens.TryGetInt32(out int max) || max < 1)
        {
            throw Invalid("max_tokens: a positive integer is required");
        }

        bool stream = root.TryGetProperty("stream", out JsonElement streamFlag) && streamFlag.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw Invalid("stream: must be a boolean"),
        };

        // Anthropic's cache order: tools, then system, then messages.
        using var prefix = new PromptCachePrefix();
        (List<string> toolNames, int toolChars) = ReadTools(root, prefix);
        string? system = root.TryGetProperty("system", out JsonElement systemElement) ? ReadSystem(systemElement, prefix) : null;
        List<ChatMessage> messages = ReadMessages(root, prefix);

        bool simulateCache = system?.Contains(CacheTestMarker, StringComparison.Ordinal) == true
            || (root.TryGetProperty("metadata", out JsonElement metadata) && metadata.ValueKind == JsonValueKind.Object
                && metadata.TryGetProperty("user_id", out JsonElement userId) && userId.ValueKind == JsonValueKind.String
                && userId.ValueEquals(CacheTestUserId));

        return new AnthropicWireRequest(model, stream, simulateCache, new SimulatorRequest(system, messages, toolNames, toolChars, max), [.. prefix.Breakpoints]);
    }

    private static string? ReadSystem(JsonElement system, PromptCachePrefix prefix)
    {
        string? text = system.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => system.GetString(),
            JsonValueKind.Array => JoinText(system, "system", "\n"),
            _ => throw Invalid("system: must be a string or an array of text blocks"),
        };
        if (system.ValueKind != JsonValueKind.Array)
        {
            prefix.Append(text ?? "");
            return text;
        }

        foreach (JsonElement block in system.EnumerateArray())
        {
            prefix.Append(block.TryGetProperty("text", out JsonElement blockText) && blockText.ValueKind == JsonValueKind.String ? blockText.GetString()! : "");
            MarkIfCached(block, prefix, "system");
        }

        return text;
    }

    /// <summary>A block with <c>cache_control</c> ends a cacheable prefix.</summary>
    private static void MarkIfCached(JsonElement block, PromptCachePrefix prefix, string location)
    {
        if (block.TryGetProperty("cache_control", out JsonElement control) && control.ValueKind == JsonValueKind.Object)
        {
            prefix.Mark(location);
        }
    }

    private static List<ChatMessage> ReadMessages(JsonElement root, PromptCachePrefix prefix)
    {
        if (!root.TryGetProperty("messages", out JsonElement messages) || messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            throw Invalid("messages: a non-empty array is required");
        }

        var result = new List<ChatMessage>(messages.GetArrayLength());
        var toolUseIds = new HashSet<string>(StringComparer.Ordinal);
        int index = 0;
        foreach (JsonElement message in messages.EnumerateArray())
        {
            string path = $"messages.{index++}";
            if (message.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{path}: must be an object");
            }

            ChatRole role = RequiredString(message, "role", path) switch
            {
                "user" => ChatRole.User,
                "assistant" => ChatRole.Assistant,
                string other => throw Invalid($"{path}.role: '{other}' is not 'user' or 'assistant'"),
            };

            if (!message.TryGetProperty("content", out JsonElement content))
            {
                throw Invalid($"{path}.content: field required");
            }

            List<AIContent> contents = ReadContent(content, path + ".content", toolUseIds, prefix);

            // Microsoft.Extensions.AI carries tool results in Tool-role messages; mapping them back the same way
            // lets the HTTP path and the in-process SimulatorChatClient feed the engine identical conversations.
            if (role == ChatRole.User && contents.Exists(c => c is FunctionResultContent))
            {
                role = ChatRole.Tool;
            }

            result.Add(new ChatMessage(role, contents));
        }

        return result;
    }

    private static List<AIContent> ReadContent(JsonElement content, string path, HashSet<string> toolUseIds, PromptCachePrefix prefix)
    {
        if (content.ValueKind == JsonValueKind.String)
        {
            prefix.Append(content);
            return [new TextContent(content.GetString())];
        }

        if (content.ValueKind != JsonValueKind.Array)
        {
            throw Invalid($"{path}: must be a string or an array of content blocks");
        }

        var contents = new List<AIContent>();
        int index = 0;
        foreach (JsonElement block in content.EnumerateArray())
        {
            string blockPath = $"{path}.{index++}";
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{blockPath}: must be an object");
            }

            prefix.Append(block);
            MarkIfCached(block, prefix, "messages");
            switch (RequiredString(block, "type", blockPath))
            {
                case "text":
                    contents.Add(new TextContent(RequiredString(block, "text", blockPath)));
                    break;
                case "tool_use":
                    string id = RequiredString(block, "id", blockPath);
                    if (!toolUseIds.Add(id))
                    {
                        // The real API rejects this too, and the engine matches results to calls by id.
                        throw Invalid($"{blockPath}.id: tool_use ids must be unique, '{id}' repeats");
                    }

                    contents.Add(new FunctionCallContent(id, RequiredString(block, "name", blockPath), ReadInput(block, blockPath)));
                    break;
                case "tool_result":
                    contents.Add(ReadToolResult(block, blockPath));
                    break;
                default:
                    // Images, documents, thinking and server-tool blocks mean nothing to the engine.
                    break;
            }
        }

        return contents;
    }

    private static Dictionary<string, object?> ReadInput(JsonElement block, string path)
    {
        if (!block.TryGetProperty("input", out JsonElement input) || input.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"{path}.input: an object is required");
        }

        var arguments = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (JsonProperty property in input.EnumerateObject())
        {
            // Strings become strings so the engine can echo them; the rest outlives the request's JsonDocument.
            arguments[property.Name] = property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                _ => property.Value.Clone(),
            };
        }

        return arguments;
    }

    private static FunctionResultContent ReadToolResult(JsonElement block, string path)
    {
        string callId = RequiredString(block, "tool_use_id", path);
        string text = !block.TryGetProperty("content", out JsonElement content) ? "" : content.ValueKind switch
        {
            JsonValueKind.String => content.GetString() ?? "",
            JsonValueKind.Array => JoinText(content, path + ".content", ""),
            JsonValueKind.Null => "",
            _ => throw Invalid($"{path}.content: must be a string or an array of content blocks"),
        };

        // The engine reports a tool failure when the result starts with "error:"; is_error is the wire's way to say so.
        bool isError = block.TryGetProperty("is_error", out JsonElement error) && error.ValueKind == JsonValueKind.True;
        if (isError && !text.StartsWith("error:", StringComparison.Ordinal))
        {
            text = "error: " + text;
        }

        return new FunctionResultContent(callId, text);
    }

    private static (List<string> Names, int Chars) ReadTools(JsonElement root, PromptCachePrefix prefix)
    {
        if (!root.TryGetProperty("tools", out JsonElement tools) || tools.ValueKind == JsonValueKind.Null)
        {
            return ([], 0);
        }

        if (tools.ValueKind != JsonValueKind.Array)
        {
            throw Invalid("tools: must be an array");
        }

        var names = new List<string>(tools.GetArrayLength());
        int index = 0;
        foreach (JsonElement tool in tools.EnumerateArray())
        {
            string path = $"tools.{index++}";
            if (tool.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{path}: must be an object");
            }

            names.Add(RequiredString(tool, "name", path));
            prefix.Append(tool);
            MarkIfCached(tool, prefix, "tools");
        }

        // Definitions cost input tokens on the real API, roughly in proportion to their serialized size.
        return (names, tools.GetRawText().Length);
    }

    private static string JoinText(JsonElement blocks, string path, string separator)
    {
        var text = new StringBuilder();
        foreach (JsonElement block in blocks.EnumerateArray())
        {
            if (block.ValueKind != JsonValueKind.Object)
            {
                throw Invalid($"{path}: content blocks must be objects");
            }

            if (block.TryGetProperty("type", out JsonElement type) && type.ValueEquals("text"))
            {
                if (text.Length > 0)
                {
                    text.Append(separator);
                }

                text.Append(RequiredString(block, "text", path));
            }
        }

        return text.ToString();
    }

    private static string RequiredString(JsonElement element, string name, string? path = null)
    {
        if (element.TryGetProperty(name, out JsonElement value) && value.ValueKind == JsonValueKind.String)
        {
            return value.GetString()!;
        }

        throw Invalid($"{(path is null ? name : path + "." + name)}: a string is required");
    }

    private static JsonException Invalid(string message) => new(message);
}
