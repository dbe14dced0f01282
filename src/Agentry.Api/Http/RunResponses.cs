using Agentry.Api.Contracts;
using Agentry.Core.Agents;

namespace Agentry.Api.Http;

/// <summary>Maps the core's run results to the wire contracts.</summary>
internal static class RunResponses
{
    public static RunResponse From(AgentRunResult result)
    {
        var calls = new ToolCallResponse[result.ToolCalls.Count];
        for (int i = 0; i < calls.Length; i++)
        {
            calls[i] = ToolCall(result.ToolCalls[i]);
        }

        return new RunResponse
        {
            RunId = result.RunId,
            Agent = result.Agent,
            SessionId = result.SessionId,
            Metadata = result.Metadata,
            Output = result.Output,
            StopReason = result.StopReason,
            Provider = result.Provider,
            Model = result.Model,
            ToolCalls = calls,
            Usage = Usage(result.Usage),
            CostUsd = result.CostUsd,
            Iterations = result.Iterations,
            Cached = result.Cached,
            ServedBy = result.ServedBy,
            Timings = new TimingsResponse(
                Math.Round(result.Timings.TotalMs, 3),
                Math.Round(result.Timings.ModelMs, 3),
                Math.Round(result.Timings.ToolsMs, 3),
                result.Timings.FirstTokenMs is { } first ? Math.Round(first, 3) : null),
        };
    }

    public static ToolCallResponse ToolCall(ToolCallRecord call) =>
        new(call.CallId, call.Name, call.Arguments, call.Result, call.IsError, Math.Round(call.DurationMs, 3));

    public static UsageResponse Usage(RunUsage usage) =>
        new(usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens, usage.CacheWriteTokens, usage.TotalTokens);
}
