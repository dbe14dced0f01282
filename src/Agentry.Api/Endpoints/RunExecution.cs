using System.Text.Json;
using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core.Agents;
using Agentry.Core.Telemetry;

namespace Agentry.Api.Endpoints;

/// <summary>
/// Runs one request's agent run, answering as JSON or as an event stream. Keeps the successful answer's JSON
/// (<see cref="Answer"/>) so an idempotent request can store it for replay.
/// </summary>
internal sealed class RunExecution(HttpContext context, AgentRunner runner, ResolvedAgent agent, AgentRunRequest request, AgentryMetrics metrics, RunAftermath aftermath, long started, TimeProvider time)
{
    /// <summary>The run's final answer as JSON, when it succeeded.</summary>
    public byte[]? Answer { get; private set; }

    public Task<IResult> ExecuteAsync(bool stream) => stream ? StreamAsync() : RunOnceAsync();

    private async Task<IResult> RunOnceAsync()
    {
        AgentRunResult result = await runner.RunAsync(agent, request, sink: null, context.RequestAborted).ConfigureAwait(false);
        RecordOverhead(result);
        aftermath.Record(context, result);
        switch (result.StopReason)
        {
            case StopReason.BudgetExhausted:
                context.Response.Headers.RetryAfter = RetryAfterSeconds(result.RetryAfter ?? TimeSpan.Zero);
                return Problems.BudgetExhausted(result.Error ?? "The budget is spent.", result.RunId);
            case StopReason.ContentFilter when result.BlockedBy is { } rule:
                return Problems.Blocked(rule, result.RunId);
            case StopReason.Error when result.RetryAfter is { } retryAfter:
                context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
                return Problems.ServiceUnavailable(result.Error ?? "The run cannot be served now; retry after the time in Retry-After.", result.RunId);
            case StopReason.Error:
                return Problems.BadGateway(result.Error ?? "The model call failed.", result.RunId);
            case StopReason.Cancelled:
                return Results.Empty;
            default:
                Answer = JsonSerializer.SerializeToUtf8Bytes(RunResponses.From(result), ApiJsonContext.Default.RunResponse);
                return Results.Bytes(Answer, "application/json");
        }
    }

    private async Task<IResult> StreamAsync()
    {
        CancellationToken aborted = context.RequestAborted;
        using var sink = new ServerSentEventSink(context.Response);
        AgentRunResult result;
        try
        {
            result = await runner.RunAsync(agent, request, sink, aborted).ConfigureAwait(false);
        }
        catch (AgentRunException ex) when (sink.Started)
        {
            // Headers are gone already: the refusal travels as the stream's last event.
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "conflict", "The request conflicts with the current state.", StatusCodes.Status409Conflict, ex.Message, null), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        RecordOverhead(result);
        aftermath.Record(context, result);
        if (result.StopReason == StopReason.Cancelled)
        {
            return Results.Empty;
        }

        if (result.StopReason == StopReason.BudgetExhausted)
        {
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "budget-exhausted", "The budget is spent.", StatusCodes.Status402PaymentRequired, result.Error ?? "The budget is spent.", result.RunId), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        if (result.StopReason == StopReason.ContentFilter && result.BlockedBy is { } rule)
        {
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "content-blocked", "The content was blocked by moderation.", StatusCodes.Status422UnprocessableEntity, Problems.BlockedDetail(rule), result.RunId), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        if (result.StopReason == StopReason.Error && result.RetryAfter is { } retryAfter)
        {
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "unavailable", "The service cannot answer now.", StatusCodes.Status503ServiceUnavailable, $"No model of this agent can answer now; retry after {RetryAfterSeconds(retryAfter)} s.", result.RunId), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        if (result.StopReason == StopReason.Error)
        {
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "model-error", "The model could not answer.", StatusCodes.Status502BadGateway, result.Error ?? "The model call failed.", result.RunId), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        RunResponse response = RunResponses.From(result);
        await sink.CompleteAsync(response, aborted).ConfigureAwait(false);
        Answer = JsonSerializer.SerializeToUtf8Bytes(response, ApiJsonContext.Default.RunResponse);
        return Results.Empty;
    }

    private static string RetryAfterSeconds(TimeSpan retryAfter) =>
        Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private void RecordOverhead(AgentRunResult result)
    {
        double overheadMs = time.GetElapsedTime(started).TotalMilliseconds - result.Timings.ModelMs - result.Timings.ToolsMs;
        metrics.RequestOverhead(Math.Max(0, overheadMs) / 1000.0);
    }
}
