using System.Text.Json;
using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core.Agents;
using Agentry.Core.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Agentry.Api.Endpoints;

/// <summary>
/// Runs one request's agent run, answering as JSON or as an event stream. Whatever the outcome, the run's aftermath
/// (audit, tokens charged to the key) is recorded once, and a failed outcome is answered by <see cref="RunProblems"/>.
/// Keeps the successful answer's JSON (<see cref="Answer"/>) so an idempotent request can store it for replay.
/// </summary>
internal sealed class RunExecution(HttpContext context, AgentRunner runner, ResolvedAgent agent, AgentRunRequest request, AgentryMetrics metrics, RunAftermath aftermath, long started, TimeProvider time)
{
    /// <summary>The run's final answer as JSON, when it succeeded.</summary>
    public byte[]? Answer { get; private set; }

    public async Task<IResult> ExecuteAsync(bool stream)
    {
        using ServerSentEventSink? sink = stream ? new ServerSentEventSink(context.Response) : null;
        AgentRunResult? result = null;
        try
        {
            result = await runner.RunAsync(agent, request, sink, context.RequestAborted).ConfigureAwait(false);
            return sink is null ? AnswerJson(result) : await AnswerStreamAsync(sink, result).ConfigureAwait(false);
        }
        finally
        {
            if (result is not null)
            {
                RecordOverhead(result);
                aftermath.Record(context, result);
            }
        }
    }

    private IResult AnswerJson(AgentRunResult result)
    {
        if (result.Outcome == RunOutcome.Cancelled)
        {
            return Results.Empty;
        }

        if (RunProblems.For(result) is { } problem)
        {
            return Problem(result, problem);
        }

        Answer = JsonSerializer.SerializeToUtf8Bytes(RunResponses.From(result), ApiJson.Context.RunResponse);
        return Results.Bytes(Answer, "application/json");
    }

    private async Task<IResult> AnswerStreamAsync(ServerSentEventSink sink, AgentRunResult result)
    {
        CancellationToken aborted = context.RequestAborted;
        if (result.Outcome == RunOutcome.Cancelled)
        {
            return Results.Empty;
        }

        if (RunProblems.For(result) is { } problem)
        {
            if (!sink.Started)
            {
                // Refused before the stream began (the session): an ordinary HTTP answer.
                return Problem(result, problem);
            }

            // Headers are gone already: the problem travels as the stream's last event.
            await sink.ErrorAsync(RunProblems.Event(problem), aborted).ConfigureAwait(false);
            return Results.Empty;
        }

        RunResponse response = RunResponses.From(result);
        await sink.CompleteAsync(response, aborted).ConfigureAwait(false);
        Answer = JsonSerializer.SerializeToUtf8Bytes(response, ApiJson.Context.RunResponse);
        return Results.Empty;
    }

    private ProblemHttpResult Problem(AgentRunResult result, ProblemDetails problem)
    {
        if (RunProblems.RetryAfterSeconds(result) is { } seconds)
        {
            context.Response.Headers.RetryAfter = RunProblems.Header(seconds);
        }

        return TypedResults.Problem(problem);
    }

    private void RecordOverhead(AgentRunResult result)
    {
        double overheadMs = time.GetElapsedTime(started).TotalMilliseconds - result.Timings.ModelMs - result.Timings.ToolsMs;
        metrics.RequestOverhead(Math.Max(0, overheadMs) / 1000.0);
    }
}
