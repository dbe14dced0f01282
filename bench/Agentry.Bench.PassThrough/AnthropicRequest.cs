using System.Buffers;
using System.Text.Json;

namespace Agentry.Bench.PassThrough;

/// <summary>
/// The Anthropic Messages request the service sends for a plain run: same system prompt, same tools. Also compiled
/// into Agentry.Bench.Micro (linked), so the floor and the microbenchmark send the same bytes.
/// </summary>
internal static class AnthropicRequest
{
    private static readonly byte[] Tools = """
        [{"name":"calculator","description":"Evaluates an arithmetic expression exactly. Supports + - * / % ^, parentheses, sqrt, abs, round, floor, ceil, ln, log10, sin, cos, tan, min, max, pow, pi and e.","input_schema":{"type":"object","properties":{"expression":{"type":"string","description":"The expression, for example 17 * 23.\n\n{minLength: 1, maxLength: 256}"}},"required":["expression"],"additionalProperties":false}},{"name":"current_time","description":"Returns the current date and time in ISO 8601, in UTC unless an IANA time zone such as Europe/Paris is given.","input_schema":{"properties":{"timezone":{"type":"string","description":"IANA time zone id; UTC when omitted.\n\n{maxLength: 64}"}},"type":"object","additionalProperties":false}}]
        """u8.ToArray();

    private const string System = "You are a concise, helpful assistant. Use the calculator for any arithmetic and the current_time tool for dates and times; never guess them.";

    public static byte[] Build(string input, bool stream = false)
    {
        var buffer = new ArrayBufferWriter<byte>(2048);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("max_tokens", 1024);
            json.WriteStartArray("messages");
            json.WriteStartObject();
            json.WriteString("role", "user");
            json.WriteStartArray("content");
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", input);
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteString("model", "claude-sonnet-4-5");
            json.WritePropertyName("tools");
            json.WriteRawValue(Tools, skipInputValidation: true);
            json.WriteStartObject("tool_choice");
            json.WriteString("type", "auto");
            json.WriteEndObject();
            json.WriteStartArray("system");
            json.WriteStartObject();
            json.WriteString("type", "text");
            json.WriteString("text", System);
            json.WriteEndObject();
            json.WriteEndArray();
            if (stream)
            {
                json.WriteBoolean("stream", true);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
