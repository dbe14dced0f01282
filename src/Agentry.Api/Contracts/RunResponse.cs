namespace Agentry.Api.Contracts;

/// <summary>The answer of a run, and the <c>run.completed</c> event of a streamed one.</summary>
public sealed class RunResponse
{
    public required string RunId { get; init; }

    public required string Agent { get; init; }

    public string? SessionId { get; init; }

    /// <summary>The request's <c>metadata</c>, echoed; absent when the request had none.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public required string Output { get; init; }

    public required string StopReason { get; init; }

    public required string Provider { get; init; }

    public required string Model { get; init; }

    public bool Cached { get; init; }

    /// <summary><c>model</c>, <c>fallback</c> or <c>cache</c>: which path answered.</summary>
    public required string ServedBy { get; init; }

    public required IReadOnlyList<ToolCallResponse> ToolCalls { get; init; }

    public required UsageResponse Usage { get; init; }

    public required decimal CostUsd { get; init; }

    public required int Iterations { get; init; }

    public required TimingsResponse Timings { get; init; }
}
