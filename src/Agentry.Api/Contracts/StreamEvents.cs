using System.Text.Json;
using System.Text.Json.Serialization;

namespace Agentry.Api.Contracts;

/// <summary>Data of the <c>run.started</c> event.</summary>
public sealed record RunStartedData(string RunId, string Agent, string? SessionId, string Provider, string Model);

/// <summary>Data of the <c>text.delta</c> event.</summary>
public sealed record TextDeltaData(string Text);

/// <summary>Data of the <c>tool.call</c> event.</summary>
public sealed record ToolCallData(string Id, string Name, JsonElement Arguments);

/// <summary>Data of the <c>usage</c> event: one model call's tokens and cost.</summary>
public sealed record UsageData(int Iteration, UsageResponse Usage, decimal CostUsd);

/// <summary>Data of the <c>error</c> event, shaped like the Problem Details a JSON answer would carry.</summary>
public sealed record ErrorData(string Type, string Title, int Status, string Detail, string? RunId)
{
    /// <summary>The moderation rule that blocked the run (422).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Rule { get; init; }

    /// <summary>Seconds to wait before a retry (503, 402), as the Retry-After header would say.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? RetryAfter { get; init; }
}
