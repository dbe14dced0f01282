using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Core.Agents;
using Agentry.Core.Sessions;
using Agentry.Core.Tools;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.AI;

namespace Agentry.Api.Endpoints;

/// <summary><c>/v1/sessions</c>: create, read and delete conversations.</summary>
internal static class SessionEndpoints
{
    public static RouteGroupBuilder MapSessionEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/sessions").WithTags("Sessions");
        group.MapPost("", CreateAsync)
            .WithName("CreateSession")
            .Accepts<CreateSessionBody>("application/json")
            .Produces<SessionResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id}", GetAsync)
            .WithName("GetSession")
            .Produces<SessionResponse>()
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id}", DeleteAsync)
            .WithName("DeleteSession")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<IResult> CreateAsync(HttpContext context, AgentCatalog catalog, ISessionStore sessions, Agentry.Core.Audit.IAuditSink audit)
    {
        (CreateSessionBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync(context.Request, ApiJson.Context.CreateSessionBody, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (string.IsNullOrEmpty(body!.Agent))
        {
            return Problems.BadRequest("'agent' is required.", "agent");
        }

        if (!catalog.TryGet(body.Agent, out ResolvedAgent agent))
        {
            return Problems.NotFound($"There is no agent named '{(body.Agent.Length <= 64 ? body.Agent : body.Agent[..64])}'.");
        }

        if (Security.AgentAccess.Deny(context, agent.Name, audit) is { } denied)
        {
            return denied;
        }

        AgentSession session = await sessions.CreateAsync(RequestTenant.Of(context), agent.Name, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(ToResponse(session), ApiJson.Context.SessionResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> GetAsync(string id, HttpContext context, ISessionStore sessions)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return Problems.NotFound("There is no such session.");
        }

        AgentSession? session = await sessions.GetAsync(RequestTenant.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        return session is null
            ? Problems.NotFound("There is no such session.")
            : TypedResults.Json(ToResponse(session), ApiJson.Context.SessionResponse);
    }

    private static async Task<IResult> DeleteAsync(string id, HttpContext context, ISessionStore sessions)
    {
        if (!SessionIds.IsWellFormed(id))
        {
            return Problems.NotFound("There is no such session.");
        }

        bool deleted = await sessions.DeleteAsync(RequestTenant.Of(context), id, context.RequestAborted).ConfigureAwait(false);
        return deleted ? TypedResults.NoContent() : Problems.NotFound("There is no such session.");
    }

    private static SessionResponse ToResponse(AgentSession session) => new(
        session.Id,
        session.Agent,
        session.CreatedAt,
        session.UpdatedAt,
        session.Messages.Select(ToResponse).ToArray());

    private static SessionMessageResponse ToResponse(ChatMessage message)
    {
        var parts = new List<SessionContentResponse>(message.Contents.Count);
        foreach (AIContent content in message.Contents)
        {
            switch (content)
            {
                case TextContent text:
                    parts.Add(new SessionContentResponse { Type = "text", Text = text.Text });
                    break;
                case FunctionCallContent call:
                    parts.Add(new SessionContentResponse { Type = "tool_call", Id = call.CallId, Name = call.Name, Arguments = ToolArguments.ToJson(call.Arguments) });
                    break;
                case FunctionResultContent result:
                    parts.Add(new SessionContentResponse { Type = "tool_result", ToolCallId = result.CallId, Result = StoredMessageCodec.ResultText(result.Result) });
                    break;
            }
        }

        return new SessionMessageResponse(message.Role.Value, parts);
    }
}
