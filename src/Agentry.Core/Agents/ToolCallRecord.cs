using System.Text.Json;

namespace Agentry.Core.Agents;

/// <summary>One tool call a run made, as the caller sees it.</summary>
public sealed record ToolCallRecord(
    string CallId,
    string Name,
    JsonElement Arguments,
    string Result,
    bool IsError,
    double DurationMs);
