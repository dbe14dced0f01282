using System.Text.Encodings.Web;
using System.Text.Json;
using Agentry.Providers.Simulator;

namespace Agentry.Simulator;

/// <summary>
/// Writes Anthropic Messages API response bodies and stream events with <see cref="Utf8JsonWriter"/>: no
/// serializer, no reflection, no intermediate objects, since this server is the upstream in load benchmarks.
/// </summary>
internal static class AnthropicWireWriter
{
    // The output is an API body, never embedded in HTML, so quotes and non-ASCII text need no escaping.
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void WriteError(Utf8JsonWriter json, string type, string message)
    {
        json.WriteStartObject();
        json.WriteString("type", "error");
        json.WriteStartObject("error");
        json.WriteString("type", type);
        json.WriteString("message", message);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>The whole non-streaming reply.</summary>
    public static void WriteMessage(Utf8JsonWriter json, string id, string model, SimulatedReply reply, WireUsage usage)
    {
        json.WriteStartObject();
        WriteMessageHeader(json, id, model);
        json.WriteStartArray("content");
        if (reply.Text.Length > 0)
        {
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", reply.Text);
            json.WriteEndObject();
        }

        foreach (SimulatedToolCall call in reply.ToolCalls)
        {
            WriteToolUse(json, call, withInput: true);
        }

        json.WriteEndArray();
        json.WriteString("stop_reason", StopReason(reply.Stop));
        json.WriteNull("stop_sequence");
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    /// <summary>Opens the stream: the message with no content yet and the input side of the usage.</summary>
    public static void WriteMessageStart(Utf8JsonWriter json, string id, string model, WireUsage usage)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_start");
        json.WriteStartObject("message");
        WriteMessageHeader(json, id, model);
        json.WriteStartArray("content");
        json.WriteEndArray();
        json.WriteNull("stop_reason");
        json.WriteNull("stop_sequence");
        WriteUsage(json, usage);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteTextBlockStart(Utf8JsonWriter json, int index)
    {
        StartEvent(json, "content_block_start", index);
        json.WriteStartObject("content_block");
        json.WriteString("type", "text");
        json.WriteString("text", "");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    public static void WriteToolUseBlockStart(Utf8JsonWriter json, int index, SimulatedToolCall call)
    {
        StartEvent(json, "content_block_start", index);
        json.WritePropertyName("content_block");
        WriteToolUse(json, call, withInput: false);
        json.WriteEndObject();
    }

    public static void WriteTextDelta(Utf8JsonWriter json, int index, string text) =>
        WriteDelta(json, index, "text_delta", "text", text);

    public static void WriteInputJsonDelta(Utf8JsonWriter json, int index, string partialJson) =>
        WriteDelta(json, index, "input_json_delta", "partial_json", partialJson);

    public static void WriteBlockStop(Utf8JsonWriter json, int index)
    {
        StartEvent(json, "content_block_stop", index);
        json.WriteEndObject();
    }

    /// <summary>
    /// Closes the message. The usage repeats the input side because Anthropic's counts here are cumulative and
    /// the official SDK's IChatClient replaces, not adds to, what <c>message_start</c> reported.
    /// </summary>
    public static void WriteMessageDelta(Utf8JsonWriter json, SimulatedStop stop, WireUsage usage)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_delta");
        json.WriteStartObject("delta");
        json.WriteString("stop_reason", StopReason(stop));
        json.WriteNull("stop_sequence");
        json.WriteEndObject();
        WriteUsage(json, usage);
        json.WriteEndObject();
    }

    public static void WriteMessageStop(Utf8JsonWriter json)
    {
        json.WriteStartObject();
        json.WriteString("type", "message_stop");
        json.WriteEndObject();
    }

    private static void WriteMessageHeader(Utf8JsonWriter json, string id, string model)
    {
        json.WriteString("id", id);
        json.WriteString("type", "message");
        json.WriteString("role", "assistant");
        json.WriteString("model", model);
    }

    private static void WriteToolUse(Utf8JsonWriter json, SimulatedToolCall call, bool withInput)
    {
        json.WriteStartObject();
        json.WriteString("type", "tool_use");
        json.WriteString("id", call.Id);
        json.WriteString("name", call.Name);
        json.WritePropertyName("input");
        if (withInput)
        {
            json.WriteRawValue(call.ArgumentsJson, skipInputValidation: true);
        }
        else
        {
            // Streaming sends the input afterwards as input_json_delta pieces, as Anthropic does.
            json.WriteStartObject();
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }

    private static void WriteDelta(Utf8JsonWriter json, int index, string deltaType, string field, string value)
    {
        StartEvent(json, "content_block_delta", index);
        json.WriteStartObject("delta");
        json.WriteString("type", deltaType);
        json.WriteString(field, value);
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void StartEvent(Utf8JsonWriter json, string type, int index)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteNumber("index", index);
    }

    private static void WriteUsage(Utf8JsonWriter json, WireUsage usage)
    {
        json.WriteStartObject("usage");
        json.WriteNumber("input_tokens", usage.InputTokens);
        json.WriteNumber("cache_creation_input_tokens", usage.CacheCreationInputTokens);
        json.WriteNumber("cache_read_input_tokens", usage.CacheReadInputTokens);
        json.WriteNumber("output_tokens", usage.OutputTokens);
        json.WriteEndObject();
    }

    private static string StopReason(SimulatedStop stop) => stop switch
    {
        SimulatedStop.ToolUse => "tool_use",
        SimulatedStop.MaxTokens => "max_tokens",
        _ => "end_turn",
    };
}
