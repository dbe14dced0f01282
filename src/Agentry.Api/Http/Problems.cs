using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Agentry.Api.Http;

/// <summary>RFC 9457 Problem Details answers, one builder per kind so every endpoint says the same thing the same way.</summary>
internal static class Problems
{
    public const string TypeBase = "https://agentry.dev/problems/";

    public static ProblemHttpResult BadRequest(string detail, string? field = null) =>
        Create(StatusCodes.Status400BadRequest, "invalid-request", "The request is not valid.", detail, field);

    public static ProblemHttpResult Unauthorized() =>
        Create(StatusCodes.Status401Unauthorized, "unauthorized", "An API key is required.",
            "Send a valid API key as 'Authorization: Bearer <key>' or 'x-api-key: <key>'.");

    public static ProblemHttpResult Forbidden(string detail) =>
        Create(StatusCodes.Status403Forbidden, "forbidden", "This API key may not do this.", detail);

    public static ProblemHttpResult TooManyRequests(string detail, string limit)
    {
        ProblemHttpResult problem = Create(StatusCodes.Status429TooManyRequests, "rate-limited", "Too many requests.", detail);
        problem.ProblemDetails.Extensions["limit"] = limit;
        return problem;
    }

    public static ProblemHttpResult NotFound(string detail) =>
        Create(StatusCodes.Status404NotFound, "not-found", "Not found.", detail);

    public static ProblemHttpResult Conflict(string detail) =>
        Create(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state.", detail);

    public static ProblemHttpResult Unprocessable(string detail, string? field = null) =>
        Create(StatusCodes.Status422UnprocessableEntity, "unprocessable", "The request cannot be processed.", detail, field);

    /// <summary>The detail of a moderation block: it names the rule that matched, never the matched text.</summary>
    public static string BlockedDetail(string rule) => $"The moderation rule '{rule}' matched; the run was stopped.";

    public static ProblemHttpResult PayloadTooLarge(long limit) =>
        Create(StatusCodes.Status413PayloadTooLarge, "payload-too-large", "The request body is too large.", $"The body may be at most {limit} bytes.");

    public static ProblemHttpResult UnsupportedMediaType() =>
        Create(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "The request body must be JSON.", "Send the body with Content-Type: application/json.");

    public static ProblemHttpResult ServiceUnavailable(string detail) =>
        Create(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service cannot answer now.", detail);

    public static ProblemDetails Details(int status, string slug, string title, string detail) => new()
    {
        Status = status,
        Type = TypeBase + slug,
        Title = title,
        Detail = detail,
    };

    private static ProblemHttpResult Create(int status, string slug, string title, string detail, string? field = null)
    {
        ProblemDetails problem = Details(status, slug, title, detail);
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }

        return TypedResults.Problem(problem);
    }
}
