using System.Diagnostics;
using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agentry.Core.Tools;

/// <summary>
/// Runs one tool call: checks the tool exists for the agent, validates the arguments against its schema,
/// enforces its timeout, and turns every failure into an error result the model can read.
/// </summary>
public sealed partial class ToolInvoker
{
    /// <summary>Results longer than this are cut, so one tool cannot flood the context window.</summary>
    public const int MaxResultLength = 16_384;

    private readonly AgentryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ToolInvoker> _logger;

    public ToolInvoker(AgentryMetrics metrics, TimeProvider time, ILogger<ToolInvoker> logger)
    {
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public async Task<ToolCallRecord> InvokeAsync(ResolvedAgent agent, FunctionCallContent call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(call);
        long started = _time.GetTimestamp();
        JsonElement arguments = ToolArguments.ToJson(call.Arguments);
        using Activity? activity = AgentryTelemetry.ActivitySource.StartActivity($"execute_tool {call.Name}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "execute_tool");
        activity?.SetTag("gen_ai.tool.name", call.Name);
        activity?.SetTag("gen_ai.tool.call.id", call.CallId);

        string result;
        string? errorType = null;
        if (!agent.TryGetTool(call.Name, out RegisteredTool tool))
        {
            (result, errorType) = ("error: there is no tool named " + Truncate(call.Name, 64), "unknown_tool");
        }
        else if (tool.Schema.Validate(arguments) is { } invalid)
        {
            (result, errorType) = ("error: invalid arguments: " + invalid, "invalid_arguments");
        }
        else
        {
            (result, errorType) = await ExecuteAsync(tool.Function, call, agent.Definition.ToolTimeout, cancellationToken).ConfigureAwait(false);
        }

        TimeSpan elapsed = _time.GetElapsedTime(started);
        string toolLabel = tool is null ? "unknown" : call.Name;
        _metrics.ToolCalled(toolLabel, errorType, elapsed.TotalSeconds);
        if (errorType is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
            LogToolFailed(_logger, toolLabel, errorType, elapsed.TotalMilliseconds);
        }

        return new ToolCallRecord(call.CallId, call.Name, arguments, Truncate(result, MaxResultLength), errorType is not null, elapsed.TotalMilliseconds);
    }

    private async Task<(string Result, string? ErrorType)> ExecuteAsync(AIFunction function, FunctionCallContent call, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            object? value = await function.InvokeAsync(new AIFunctionArguments(call.Arguments), linked.Token).ConfigureAwait(false);
            return (value switch
            {
                null => "",
                string text => text,
                JsonElement json => json.GetRawText(),
                _ => JsonSerializer.Serialize(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
            }, null);
        }
        catch (OperationCanceledException) when (timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return ($"error: the tool did not finish within {timeout.TotalSeconds:0.###} s", "timeout");
        }
        catch (ToolException ex)
        {
            return ("error: " + ex.Message, "tool_error");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The exception text may hold internals; the model gets only its kind.
            return ("error: the tool failed (" + ex.GetType().Name + ")", ex.GetType().Name);
        }
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max), "…");

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Tool call failed")]
    private static partial void LogToolFailed(ILogger logger, string tool, string errorType, double durationMs);
}
