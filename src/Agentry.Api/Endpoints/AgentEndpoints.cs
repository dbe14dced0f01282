using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Core.Agents;
using Agentry.Core.Sessions;
using Agentry.Core.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Endpoints;

/// <summary><c>/v1/agents</c>: list the agents and run one.</summary>
internal static class AgentEndpoints
{
    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/v1/agents").WithTags("Agents");
        group.MapGet("", ListAgents).WithName("ListAgents");
        group.MapPost("/{agent}/runs", RunAgentAsync)
            .WithName("RunAgent")
            .Accepts<RunRequestBody>("application/json")
            .Produces<RunResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status502BadGateway)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static Ok<AgentListResponse> ListAgents(AgentCatalog catalog)
    {
        var agents = catalog.All
            .Select(a => new AgentResponse(a.Name, a.Definition.Description, a.Provider, a.Model, a.Tools.Select(t => t.Function.Name).ToArray(), a.Definition.MaxTokens, a.Definition.MaxIterations))
            .ToArray();
        return TypedResults.Ok(new AgentListResponse(agents));
    }

    private static async Task<IResult> RunAgentAsync(
        string agent,
        HttpContext context,
        AgentCatalog catalog,
        AgentRunner runner,
        AgentryMetrics metrics,
        IOptions<ApiLimitsOptions> limits,
        TimeProvider time)
    {
        long started = time.GetTimestamp();
        CancellationToken aborted = context.RequestAborted;
        if (!catalog.TryGet(agent, out ResolvedAgent resolved))
        {
            return Problems.NotFound($"There is no agent named '{Truncate(agent)}'.");
        }

        (RunRequestBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync(context.Request, ApiJsonContext.Default.RunRequestBody, aborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (RunRequestValidator.Validate(body!, resolved, limits.Value) is { } invalid)
        {
            return invalid;
        }

        var request = new AgentRunRequest
        {
            Tenant = RequestTenant.Of(context),
            Input = body!.Input!,
            SessionId = body.SessionId,
            MaxTokens = body.MaxTokens,
            Metadata = body.Metadata,
        };

        bool stream = body.Stream ?? AcceptsEventStream(context.Request);
        try
        {
            return stream
                ? await StreamAsync(context, runner, resolved, request, metrics, started, time).ConfigureAwait(false)
                : await RunOnceAsync(runner, resolved, request, metrics, started, time, aborted).ConfigureAwait(false);
        }
        catch (AgentRunException ex) when (ex.Failure == AgentRunFailure.SessionNotFound)
        {
            return Problems.NotFound(ex.Message);
        }
        catch (AgentRunException ex)
        {
            return Problems.Conflict(ex.Message);
        }
        catch (SessionStoreUnavailableException)
        {
            context.Response.Headers.RetryAfter = "5";
            return Problems.ServiceUnavailable("Conversation storage is unavailable; retry shortly.");
        }
    }

    private static async Task<IResult> RunOnceAsync(AgentRunner runner, ResolvedAgent agent, AgentRunRequest request, AgentryMetrics metrics, long started, TimeProvider time, CancellationToken aborted)
    {
        AgentRunResult result = await runner.RunAsync(agent, request, sink: null, aborted).ConfigureAwait(false);
        RecordOverhead(metrics, result, started, time);
        return result.StopReason switch
        {
            StopReason.Error => Problems.BadGateway(result.Error ?? "The model call failed.", result.RunId),
            StopReason.Cancelled => Results.Empty,
            _ => TypedResults.Json(RunResponses.From(result), ApiJsonContext.Default.RunResponse),
        };
    }

    private static async Task<IResult> StreamAsync(HttpContext context, AgentRunner runner, ResolvedAgent agent, AgentRunRequest request, AgentryMetrics metrics, long started, TimeProvider time)
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

        RecordOverhead(metrics, result, started, time);
        if (result.StopReason == StopReason.Cancelled)
        {
            return Results.Empty;
        }

        if (result.StopReason == StopReason.Error)
        {
            await sink.ErrorAsync(new ErrorData(Problems.TypeBase + "model-error", "The model could not answer.", StatusCodes.Status502BadGateway, result.Error ?? "The model call failed.", result.RunId), aborted).ConfigureAwait(false);
        }
        else
        {
            await sink.CompleteAsync(RunResponses.From(result), aborted).ConfigureAwait(false);
        }

        return Results.Empty;
    }

    private static void RecordOverhead(AgentryMetrics metrics, AgentRunResult result, long started, TimeProvider time)
    {
        double overheadMs = time.GetElapsedTime(started).TotalMilliseconds - result.Timings.ModelMs - result.Timings.ToolsMs;
        metrics.RequestOverhead(Math.Max(0, overheadMs) / 1000.0);
    }

    private static bool AcceptsEventStream(HttpRequest request)
    {
        foreach (string? accept in request.Headers.Accept)
        {
            if (accept is not null && accept.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static string Truncate(string value) => value.Length <= 64 ? value : value[..64];
}
