using Microsoft.Extensions.AI;

namespace Agentry.Providers.Simulator;

/// <summary>One request to the simulator, however it arrived (in process or over HTTP).</summary>
public sealed record SimulatorRequest(
    string? System,
    IReadOnlyList<ChatMessage> Messages,
    IReadOnlyCollection<string> ToolNames,
    int ToolDefinitionChars,
    int MaxTokens);
