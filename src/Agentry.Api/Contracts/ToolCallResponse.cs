using System.Text.Json;

namespace Agentry.Api.Contracts;

public sealed record ToolCallResponse(string Id, string Name, JsonElement Arguments, string Result, bool IsError, double DurationMs);
