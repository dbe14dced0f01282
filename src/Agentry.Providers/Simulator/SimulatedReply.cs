namespace Agentry.Providers.Simulator;

/// <summary>What the simulator answers to one request.</summary>
public sealed record SimulatedReply(
    string Text,
    IReadOnlyList<SimulatedToolCall> ToolCalls,
    SimulatedStop Stop,
    int InputTokens,
    int OutputTokens);

/// <summary>A tool call the simulator makes, with its arguments as a JSON object.</summary>
public sealed record SimulatedToolCall(string Id, string Name, string ArgumentsJson);

/// <summary>Why the simulated answer ended, in Anthropic's terms.</summary>
public enum SimulatedStop
{
    EndTurn,
    ToolUse,
    MaxTokens,
}
