using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core.Audit;
using Agentry.Core.Agents;
using Agentry.Core.Idempotency;
using Agentry.Core.Telemetry;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Endpoints;

/// <summary><c>/v1/agents</c>: list the agents and run one.</summary>
internal static class AgentEndpoints
{
    public static RouteGroupBuilder MapAgentEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/agents").WithTags("Agents");
        group.MapGet("", ListAgents).WithName("ListAgents");
        group.MapPost("/{agent}/runs", RunAgentAsync)
            .WithName("RunAgent")
            .Accepts<RunRequestBody>("application/json")
            .Produces<RunResponse>(StatusCodes.Status200OK, "application/json", "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status402PaymentRequired)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
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
        RunAftermath aftermath,
        IAuditSink audit,
        IIdempotencyStore idempotency,
        IOptions<ApiLimitsOptions> limits,
        IOptions<IdempotencyOptions> idempotencyOptions,
        TimeProvider time)
    {
        long started = time.GetTimestamp();
        CancellationToken aborted = context.RequestAborted;
        if (!catalog.TryGet(agent, out ResolvedAgent resolved))
        {
            return Problems.NotFound($"There is no agent named '{(agent.Length <= 64 ? agent : agent[..64])}'.");
        }

        if (AgentAccess.Deny(context, resolved.Name, audit) is { } denied)
        {
            return denied;
        }

        (string? idempotencyKey, IResult? keyProblem) = IdempotencyKeys.Read(context.Request);
        if (keyProblem is not null)
        {
            return keyProblem;
        }

        (RunRequestBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync(context.Request, ApiJson.Context.RunRequestBody, aborted).ConfigureAwait(false);
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
            MaxCostUsd = body.MaxCostUsd,
            Metadata = body.Metadata,
            BypassCache = WantsNoCache(context.Request),
        };

        bool stream = body.Stream ?? AcceptsEventStream(context.Request);
        var run = new RunExecution(context, runner, resolved, request, metrics, aftermath, started, time);
        // A StoreUnavailableException of the idempotency store goes to StoreUnavailableHandler (a 503); the run itself
        // answers its own storage failures as an outcome.
        if (idempotencyKey is null)
        {
            return await run.ExecuteAsync(stream).ConfigureAwait(false);
        }

        string fingerprint = IdempotencyKeys.Fingerprint(agent, body);
        TimeSpan claimLifetime = resolved.Definition.RunDeadline + TimeSpan.FromSeconds(30);
        IdempotencyClaim claim = await idempotency.ClaimAsync(request.Tenant, idempotencyKey, fingerprint, claimLifetime, aborted).ConfigureAwait(false);
        switch (claim.Status)
        {
            case IdempotencyClaimStatus.Completed:
                context.Response.Headers[IdempotencyKeys.ReplayedHeader] = "true";
                context.Response.StatusCode = claim.Response!.StatusCode;
                return Results.Bytes(claim.Response.Body, claim.Response.ContentType);
            case IdempotencyClaimStatus.InProgress:
                return Problems.Conflict("A request with this Idempotency-Key is still running; retry after it finishes.");
            case IdempotencyClaimStatus.FingerprintMismatch:
                return Problems.Unprocessable("This Idempotency-Key was used with a different request.", IdempotencyKeys.Header);
        }

        return await RunOnceForKeyAsync(run, stream, idempotency, request.Tenant, idempotencyKey, idempotencyOptions.Value.TimeToLive).ConfigureAwait(false);
    }

    /// <summary>Runs under a claimed key: a success is stored for replay, anything else frees the key for a retry.</summary>
    private static async Task<IResult> RunOnceForKeyAsync(RunExecution run, bool stream, IIdempotencyStore idempotency, string tenant, string key, TimeSpan timeToLive)
    {
        bool stored = false;
        try
        {
            IResult result = await run.ExecuteAsync(stream).ConfigureAwait(false);
            if (run.Answer is { } answer)
            {
                await idempotency.CompleteAsync(tenant, key, new StoredResponse(StatusCodes.Status200OK, "application/json", answer), timeToLive, CancellationToken.None).ConfigureAwait(false);
                stored = true;
            }

            return result;
        }
        finally
        {
            if (!stored)
            {
                await idempotency.ReleaseAsync(tenant, key, CancellationToken.None).ConfigureAwait(false);
            }
        }
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

    private static bool WantsNoCache(HttpRequest request)
    {
        foreach (string? directive in request.Headers.CacheControl)
        {
            if (directive is not null && (directive.Contains("no-cache", StringComparison.OrdinalIgnoreCase) || directive.Contains("no-store", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }

        return false;
    }
}
