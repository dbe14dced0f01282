using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Writes a Messages API request body with <see cref="Utf8JsonWriter"/> straight from the call's messages and options.
/// Tool definitions are serialised once per distinct tool list (and prompt-cache flag) and copied in as bytes.
/// With prompt caching asked for, <c>cache_control</c> goes on the last system block and on the last tool, as
/// <see cref="AnthropicPromptCache"/> places it on the SDK path.
/// </summary>
internal static class AnthropicMessagesRequest
{
    /// <summary>The SDK adapter's default when the call sets no <see cref="ChatOptions.MaxOutputTokens"/>.</summary>
    public const int DefaultMaxTokens = 1024;

    private const int MaxCachedToolLists = 64;

    private static readonly ConcurrentDictionary<ToolListKey, byte[]> ToolBytes = new(ToolListKey.Comparer);

    /// <summary>JSON for an API, never for a page: no HTML-safe escaping of <c>+</c>, quotes or non-ASCII text.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    public static void Write(IBufferWriter<byte> output, string model, IEnumerable<ChatMessage> messages, ChatOptions? options, bool stream)
    {
        bool cache = Agentry.Core.Pipeline.ModelCall.Of(options)?.PromptCaching == true;
        using var writer = new Utf8JsonWriter(output, WriterOptions);
        writer.WriteStartObject();
        writer.WriteString("model"u8, options?.ModelId ?? model);
        writer.WriteNumber("max_tokens"u8, options?.MaxOutputTokens ?? DefaultMaxTokens);
        if (options?.Temperature is { } temperature)
        {
            writer.WriteNumber("temperature"u8, temperature);
        }

        if (options?.TopP is { } topP)
        {
            writer.WriteNumber("top_p"u8, topP);
        }

        if (options?.TopK is { } topK)
        {
            writer.WriteNumber("top_k"u8, topK);
        }

        if (options?.StopSequences is { Count: > 0 } stops)
        {
            writer.WriteStartArray("stop_sequences"u8);
            foreach (string stop in stops)
            {
                writer.WriteStringValue(stop);
            }

            writer.WriteEndArray();
        }

        if (stream)
        {
            writer.WriteBoolean("stream"u8, true);
        }

        WriteSystem(writer, messages, options?.Instructions, cache);
        WriteMessages(writer, messages);
        if (options?.Tools is { Count: > 0 } tools)
        {
            writer.WritePropertyName("tools"u8);
            writer.WriteRawValue(ToolDefinitions(tools, cache), skipInputValidation: true);
            WriteToolChoice(writer, options.ToolMode);
        }

        writer.WriteEndObject();
    }

    /// <summary>The system-role messages' text, then <see cref="ChatOptions.Instructions"/>; a breakpoint on the last block.</summary>
    private static void WriteSystem(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages, string? instructions, bool cache)
    {
        bool hasInstructions = !string.IsNullOrEmpty(instructions);
        TextContent? last = null;
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                foreach (AIContent content in message.Contents)
                {
                    if (content is TextContent text)
                    {
                        last = text;
                    }
                }
            }
        }

        if (last is null && !hasInstructions)
        {
            return;
        }

        writer.WriteStartArray("system"u8);
        foreach (ChatMessage message in messages)
        {
            if (message.Role != ChatRole.System)
            {
                continue;
            }

            foreach (AIContent content in message.Contents)
            {
                if (content is TextContent text)
                {
                    writer.WriteStartObject();
                    writer.WriteString("type"u8, "text"u8);
                    writer.WriteString("text"u8, text.Text);
                    if (cache && !hasInstructions && ReferenceEquals(text, last))
                    {
                        WriteCacheControl(writer);
                    }

                    writer.WriteEndObject();
                }
            }
        }

        if (hasInstructions)
        {
            writer.WriteStartObject();
            writer.WriteString("type"u8, "text"u8);
            writer.WriteString("text"u8, instructions);
            if (cache)
            {
                WriteCacheControl(writer);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteMessages(Utf8JsonWriter writer, IEnumerable<ChatMessage> messages)
    {
        writer.WriteStartArray("messages"u8);
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                continue;
            }

            writer.WriteStartObject();
            writer.WriteString("role"u8, message.Role == ChatRole.Assistant ? "assistant"u8 : "user"u8);
            writer.WriteStartArray("content"u8);
            foreach (AIContent content in message.Contents)
            {
                WriteContent(writer, content);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }

    private static void WriteContent(Utf8JsonWriter writer, AIContent content)
    {
        switch (content)
        {
            case TextContent text when text.Text.Length > 0:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "text"u8);
                writer.WriteString("text"u8, text.Text);
                writer.WriteEndObject();
                break;
            case FunctionCallContent call:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_use"u8);
                writer.WriteString("id"u8, call.CallId);
                writer.WriteString("name"u8, call.Name);
                writer.WritePropertyName("input"u8);
                writer.WriteStartObject();
                if (call.Arguments is { } arguments)
                {
                    foreach (KeyValuePair<string, object?> argument in arguments)
                    {
                        writer.WritePropertyName(argument.Key);
                        WriteValue(writer, argument.Value);
                    }
                }

                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case FunctionResultContent result:
                writer.WriteStartObject();
                writer.WriteString("type"u8, "tool_result"u8);
                writer.WriteString("tool_use_id"u8, result.CallId);
                writer.WriteString("content"u8, result.Result switch
                {
                    null => "",
                    string s => s,
                    JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
                    object other => JsonSerializer.Serialize(other, AIJsonUtilities.DefaultOptions.GetTypeInfo(other.GetType())),
                });
                if (result.Exception is not null)
                {
                    writer.WriteBoolean("is_error"u8, true);
                }

                writer.WriteEndObject();
                break;
            default:
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case JsonElement element:
                element.WriteTo(writer);
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            default:
                JsonSerializer.Serialize(writer, value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType()));
                break;
        }
    }

    private static void WriteToolChoice(Utf8JsonWriter writer, ChatToolMode? mode)
    {
        switch (mode)
        {
            case RequiredChatToolMode { RequiredFunctionName: { } name }:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "tool"u8);
                writer.WriteString("name"u8, name);
                writer.WriteEndObject();
                break;
            case RequiredChatToolMode:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "any"u8);
                writer.WriteEndObject();
                break;
            case NoneChatToolMode:
                writer.WriteStartObject("tool_choice"u8);
                writer.WriteString("type"u8, "none"u8);
                writer.WriteEndObject();
                break;
            default:
                break;
        }
    }

    private static byte[] ToolDefinitions(IList<AITool> tools, bool cache)
    {
        if (ToolBytes.TryGetValue(new ToolListKey(tools, cache), out byte[]? bytes))
        {
            return bytes;
        }

        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartArray();
            AIFunctionDeclaration? last = null;
            foreach (AITool tool in tools)
            {
                if (tool is AIFunctionDeclaration function)
                {
                    last = function;
                }
            }

            foreach (AITool tool in tools)
            {
                if (tool is not AIFunctionDeclaration function)
                {
                    continue;
                }

                writer.WriteStartObject();
                writer.WriteString("name"u8, function.Name);
                writer.WriteString("description"u8, function.Description ?? "");
                WriteInputSchema(writer, function.JsonSchema);
                if (cache && ReferenceEquals(function, last))
                {
                    WriteCacheControl(writer);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
        }

        bytes = buffer.WrittenSpan.ToArray();
        if (ToolBytes.Count < MaxCachedToolLists)
        {
            ToolBytes.TryAdd(new ToolListKey([.. tools], cache), bytes);
        }

        return bytes;
    }

    /// <summary>The function's schema as the SDK sends it: closed to other properties unless the schema says otherwise.</summary>
    private static void WriteInputSchema(Utf8JsonWriter writer, JsonElement schema)
    {
        writer.WriteStartObject("input_schema"u8);
        bool closed = false;
        if (schema.ValueKind == JsonValueKind.Object)
        {
            foreach (JsonProperty property in schema.EnumerateObject())
            {
                closed |= property.NameEquals("additionalProperties"u8);
                property.WriteTo(writer);
            }
        }
        else
        {
            writer.WriteString("type"u8, "object"u8);
        }

        if (!closed)
        {
            writer.WriteBoolean("additionalProperties"u8, false);
        }

        writer.WriteEndObject();
    }

    private static void WriteCacheControl(Utf8JsonWriter writer)
    {
        writer.WriteStartObject("cache_control"u8);
        writer.WriteString("type"u8, "ephemeral"u8);
        writer.WriteEndObject();
    }

    /// <summary>A tool list by the identity of its tools, in order.</summary>
    private readonly struct ToolListKey(IList<AITool> tools, bool cache)
    {
        public static readonly IEqualityComparer<ToolListKey> Comparer = new KeyComparer();

        private IList<AITool> Tools { get; } = tools;

        private bool Cache { get; } = cache;

        private sealed class KeyComparer : IEqualityComparer<ToolListKey>
        {
            public bool Equals(ToolListKey x, ToolListKey y)
            {
                if (x.Cache != y.Cache || x.Tools.Count != y.Tools.Count)
                {
                    return false;
                }

                for (int i = 0; i < x.Tools.Count; i++)
                {
                    if (!ReferenceEquals(x.Tools[i], y.Tools[i]))
                    {
                        return false;
                    }
                }

                return true;
            }

            public int GetHashCode(ToolListKey key)
            {
                var hash = new HashCode();
                hash.Add(key.Cache);
                for (int i = 0; i < key.Tools.Count; i++)
                {
                    hash.Add(RuntimeHelpers.GetHashCode(key.Tools[i]));
                }

                return hash.ToHashCode();
            }
        }
    }
}
