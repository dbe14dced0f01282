using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Simulator;

/// <summary>
/// The offline model: a pure function of the conversation. It calls the calculator for arithmetic and the
/// clock for time questions when those tools are offered, reads tool results back, remembers a name it was
/// told, and otherwise answers with a deterministic sentence. Token counts follow the ~4 characters per
/// token rule of thumb, so costs and limits behave as they would with a real model.
/// </summary>
public static partial class SimulatorEngine
{
    public const string CalculatorTool = "calculator";
    public const string TimeTool = "current_time";

    private static readonly string[] Openers =
    [
        "Here is a simulated answer.",
        "This reply comes from the offline simulator.",
        "Simulated response, no model was called.",
        "The simulator received your message.",
    ];

    public static SimulatedReply Respond(SimulatorRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int inputTokens = CountInputTokens(request);
        ChatMessage? last = request.Messages.Count > 0 ? request.Messages[^1] : null;

        List<FunctionResultContent> results = last is null ? [] : last.Contents.OfType<FunctionResultContent>().ToList();
        if (results.Count > 0)
        {
            return Finish(DescribeResults(request.Messages, results), [], inputTokens, request.MaxTokens);
        }

        string input = last?.Text ?? "";
        List<SimulatedToolCall> calls = PlanToolCalls(input, request.ToolNames, request.Messages.Count);
        if (calls.Count > 0)
        {
            string preface = calls.Count == 1 ? "Let me use a tool for that." : "Let me use some tools for that.";
            return Finish(preface, calls, inputTokens, request.MaxTokens);
        }

        return Finish(Answer(request.Messages, input), [], inputTokens, request.MaxTokens);
    }

    /// <summary>About four characters a token, never zero for non-empty text.</summary>
    public static int EstimateTokens(string? text) => string.IsNullOrEmpty(text) ? 0 : (text.Length + 3) / 4;

    private static SimulatedReply Finish(string text, List<SimulatedToolCall> calls, int inputTokens, int maxTokens)
    {
        int outputTokens = EstimateTokens(text) + calls.Sum(c => 8 + EstimateTokens(c.ArgumentsJson));
        if (outputTokens > maxTokens)
        {
            int keepChars = Math.Max(0, maxTokens * 4);
            return new SimulatedReply(text[..Math.Min(text.Length, keepChars)], [], SimulatedStop.MaxTokens, inputTokens, maxTokens);
        }

        return new SimulatedReply(text, calls, calls.Count > 0 ? SimulatedStop.ToolUse : SimulatedStop.EndTurn, inputTokens, outputTokens);
    }

    private static List<SimulatedToolCall> PlanToolCalls(string input, IReadOnlyCollection<string> tools, int position)
    {
        var calls = new List<SimulatedToolCall>();
        if (tools.Contains(CalculatorTool))
        {
            foreach (Match match in Arithmetic().Matches(input))
            {
                string expression = match.Value.Trim().Replace('x', '*').Replace('×', '*').Replace('÷', '/');
                if (expression.Any(c => !char.IsAsciiDigit(c) && c != '.' && c != ' '))
                {
                    calls.Add(Call(CalculatorTool, JsonSerializer.Serialize(new Dictionary<string, string> { ["expression"] = expression }, SimulatorJson.Default.DictionaryStringString), position, calls.Count));
                }
            }
        }

        if (tools.Contains(TimeTool) && TimeQuestion().IsMatch(input))
        {
            // A question that names an IANA zone ("the time in Asia/Tokyo") asks the clock in that zone.
            string arguments = TimeZoneName().Match(input) is { Success: true } zone
                ? JsonSerializer.Serialize(new Dictionary<string, string> { ["timezone"] = zone.Value }, SimulatorJson.Default.DictionaryStringString)
                : "{}";
            calls.Add(Call(TimeTool, arguments, position, calls.Count));
        }

        return calls;
    }

    private static SimulatedToolCall Call(string name, string argumentsJson, int position, int index) =>
        new($"toolu_sim_{position:x4}{index:x2}{Fnv(name + argumentsJson):x8}", name, argumentsJson);

    private static string DescribeResults(IReadOnlyList<ChatMessage> messages, List<FunctionResultContent> results)
    {
        // Last call wins: a trimmed history can hold the same call id twice (ids derive from the message
        // count), and ToDictionary would throw on the repeat instead of answering.
        var calls = new Dictionary<string, FunctionCallContent>(StringComparer.Ordinal);
        foreach (FunctionCallContent call in messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>())
        {
            calls[call.CallId] = call;
        }

        var text = new StringBuilder();
        foreach (FunctionResultContent result in results)
        {
            string value = result.Result?.ToString() ?? "";
            calls.TryGetValue(result.CallId, out FunctionCallContent? call);
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            if (value.StartsWith("error:", StringComparison.Ordinal))
            {
                text.Append(CultureInfo.InvariantCulture, $"The {call?.Name ?? "tool"} tool failed ({value[6..].Trim()}).");
            }
            else if (call?.Name == CalculatorTool && call.Arguments?.TryGetValue("expression", out object? expression) == true)
            {
                text.Append(CultureInfo.InvariantCulture, $"{expression} = {value}.");
            }
            else if (call?.Name == TimeTool)
            {
                text.Append(CultureInfo.InvariantCulture, $"The current time is {value}.");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"The {call?.Name ?? "tool"} tool returned: {value}");
            }
        }

        return text.ToString();
    }

    private static string Answer(IReadOnlyList<ChatMessage> messages, string input)
    {
        if (AskedName().IsMatch(input))
        {
            string? name = null;
            foreach (ChatMessage message in messages)
            {
                if (message.Role == ChatRole.User && ToldName().Match(message.Text) is { Success: true } told)
                {
                    name = told.Groups[1].Value;
                }
            }

            return name is null ? "You have not told me your name yet." : $"Your name is {name}.";
        }

        if (ToldName().Match(input) is { Success: true } introduced)
        {
            return $"Nice to meet you, {introduced.Groups[1].Value}. I will remember your name for this conversation.";
        }

        int turn = messages.Count(m => m.Role == ChatRole.User && !m.Contents.OfType<FunctionResultContent>().Any());
        string topic = input.Length <= 60 ? input : string.Concat(input.AsSpan(0, 57), "...");
        string opener = Openers[Fnv(input) % (uint)Openers.Length];
        return $"{opener} You wrote: \"{topic}\" (turn {turn} of this conversation). Set ANTHROPIC_API_KEY to get answers from Claude.";
    }

    private static int CountInputTokens(SimulatorRequest request)
    {
        int tokens = EstimateTokens(request.System) + (request.ToolDefinitionChars + 3) / 4;
        foreach (ChatMessage message in request.Messages)
        {
            tokens += 4;
            foreach (AIContent content in message.Contents)
            {
                tokens += content switch
                {
                    TextContent text => EstimateTokens(text.Text),
                    FunctionCallContent call => 8 + EstimateTokens(call.Name) + (call.Arguments?.Sum(a => EstimateTokens(a.Key) + EstimateTokens(a.Value?.ToString())) ?? 0),
                    FunctionResultContent result => 8 + EstimateTokens(result.Result?.ToString()),
                    _ => 0,
                };
            }
        }

        return Math.Max(1, tokens);
    }

    // FNV-1a: stable across processes and runtimes, unlike string.GetHashCode.
    private static uint Fnv(string text)
    {
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return hash;
    }

    [GeneratedRegex(@"[-(]*\d+(?:\.\d+)?\)*(?:\s*[-+*/^x×÷%]\s*[-(]*\d+(?:\.\d+)?\)*)+", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex Arithmetic();

    [GeneratedRegex(@"\b(what time|the time|time is it|what day|today's date|the date|current time)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TimeQuestion();

    [GeneratedRegex(@"\b[A-Z][A-Za-z_]+/[A-Z][A-Za-z_]+(?:/[A-Z][A-Za-z_]+)?\b", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex TimeZoneName();

    [GeneratedRegex(@"\b(?i:my name is) ([A-Z][\p{L}'-]{0,40})", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex ToldName();

    [GeneratedRegex(@"\bwhat(?:'s| is) my name\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 100)]
    private static partial Regex AskedName();
}
