using System.Text;
using Agentry.Bench.Load;

namespace Agentry.Bench.Scenarios;

/// <summary>
/// The requests of each scenario: to the service, and the same model calls sent straight to the simulator (the
/// Anthropic Messages bodies below are what the service's Anthropic SDK sends for these runs, captured on the wire).
/// </summary>
internal static class RunPlans
{
    public const string PlainInput = "Hello there";
    public const string ToolsInput = "What is 17 * 23, and what time is it?";

    private static readonly byte[] EndTurn = "\"stop_reason\":\"end_turn\""u8.ToArray();
    private static readonly byte[] ToolUse = "\"stop_reason\":\"tool_use\""u8.ToArray();
    private static readonly byte[] TwoIterations = "\"iterations\":2,"u8.ToArray();
    private static readonly byte[] CachedAnswer = "\"cached\":true"u8.ToArray();
    private static readonly byte[] RunCompleted = "event: run.completed"u8.ToArray();
    private static readonly byte[] TextDelta = "event: text.delta"u8.ToArray();
    private static readonly byte[] MessageStop = "event: message_stop"u8.ToArray();
    private static readonly byte[] ContentDelta = "event: content_block_delta"u8.ToArray();

    private static readonly KeyValuePair<string, string>[] AnthropicHeaders =
    [
        new("x-api-key", "sk-ant-bench"),
        new("anthropic-version", "2023-06-01"),
    ];

    private const string Tools = """
        "tools":[{"name":"calculator","description":"Evaluates an arithmetic expression exactly. Supports + - * / % ^, parentheses, sqrt, abs, round, floor, ceil, ln, log10, sin, cos, tan, min, max, pow, pi and e.","input_schema":{"type":"object","properties":{"expression":{"type":"string","description":"The expression, for example 17 * 23.\n\n{minLength: 1, maxLength: 256}"}},"required":["expression"],"additionalProperties":false}},{"name":"current_time","description":"Returns the current date and time in ISO 8601, in UTC unless an IANA time zone such as Europe/Paris is given.","input_schema":{"properties":{"timezone":{"type":"string","description":"IANA time zone id; UTC when omitted.\n\n{maxLength: 64}"}},"type":"object","additionalProperties":false}}],"tool_choice":{"type":"auto"},"system":[{"type":"text","text":"You are a concise, helpful assistant. Use the calculator for any arithmetic and the current_time tool for dates and times; never guess them."}]
        """;

    public static string CachedAgent => "cached";

    /// <summary>The load sent to the service.</summary>
    public static LoadPlan Service(Scenario scenario, Uri api)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Uri assistant = new(api, "/v1/agents/assistant/runs");
        return scenario.Shape switch
        {
            RunShape.SingleTurn => new FixedPlan(Step(assistant, $$"""{"input":"{{PlainInput}}"}""", EndTurn)),
            RunShape.Streaming => new FixedPlan(Step(assistant, $$"""{"input":"{{PlainInput}}","stream":true}""", RunCompleted) with { FirstTokenMarker = TextDelta }),
            RunShape.TwoTools => new FixedPlan(Step(assistant, $$"""{"input":"{{ToolsInput}}"}""", EndTurn, TwoIterations)),
            RunShape.CacheHit => new FixedPlan(CacheHitStep(api)),
            RunShape.SessionTurn => new SessionPlan(api, "assistant", PlainInput),
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Shape, null),
        };
    }

    /// <summary>The request that fills the cache before a cache-hit phase, and every request of that phase.</summary>
    public static LoadStep CacheHitStep(Uri api) => Step(new Uri(api, $"/v1/agents/{CachedAgent}/runs"), $$"""{"input":"{{PlainInput}}"}""", CachedAnswer);

    /// <summary>The same model calls sent straight to the simulator, or null when a run makes none.</summary>
    public static LoadPlan? Direct(Scenario scenario, Uri simulator)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        Uri messages = new(simulator, "/v1/messages");
        string single = Messages($$"""[{"role":"user","content":[{"type":"text","text":"{{PlainInput}}"}]}]""", stream: false);
        return scenario.Shape switch
        {
            RunShape.SingleTurn or RunShape.SessionTurn => new FixedPlan(Anthropic(messages, single, EndTurn)),
            RunShape.Streaming => new FixedPlan(Anthropic(messages, Messages($$"""[{"role":"user","content":[{"type":"text","text":"{{PlainInput}}"}]}]""", stream: true), MessageStop) with { FirstTokenMarker = ContentDelta }),
            RunShape.TwoTools => new FixedPlan(
                Anthropic(messages, Messages($$"""[{"role":"user","content":[{"type":"text","text":"{{ToolsInput}}"}]}]""", stream: false), ToolUse),
                Anthropic(messages, Messages(ToolsConversation, stream: false), EndTurn)),
            RunShape.CacheHit => null,
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario.Shape, null),
        };
    }

    // The second model call of the two-tool run: the question, the model's two tool calls, their two results.
    private const string ToolsConversation = $$$"""
        [{"role":"user","content":[{"type":"text","text":"{{{ToolsInput}}}"}]},{"role":"assistant","content":[{"type":"text","text":"Let me use some tools for that."},{"type":"tool_use","id":"toolu_sim_000100969d8d54","name":"calculator","input":{"expression":"17 * 23"}},{"type":"tool_use","id":"toolu_sim_000101fa837176","name":"current_time","input":{}}]},{"role":"user","content":[{"type":"tool_result","tool_use_id":"toolu_sim_000100969d8d54","content":"391"},{"type":"tool_result","tool_use_id":"toolu_sim_000101fa837176","content":"2026-11-28T06:28:11+00:00"}]}]
        """;

    private static string Messages(string messages, bool stream) =>
        "{\"max_tokens\":1024,\"messages\":" + messages + ",\"model\":\"claude-sonnet-4-5\"," + Tools + (stream ? ",\"stream\":true}" : "}");

    private static LoadStep Step(Uri uri, string body, params byte[][] markers) =>
        new() { Uri = uri, Body = Encoding.UTF8.GetBytes(body), SuccessMarkers = markers };

    private static LoadStep Anthropic(Uri uri, string body, params byte[][] markers) =>
        new() { Uri = uri, Body = Encoding.UTF8.GetBytes(body), Headers = AnthropicHeaders, SuccessMarkers = markers };
}
