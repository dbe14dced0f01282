using System.Globalization;
using Agentry.Api.Contracts;
using Agentry.Core.Agents;
using Microsoft.AspNetCore.Mvc;

namespace Agentry.Api.Http;

/// <summary>
/// The one mapping of a run's outcome to its Problem Details: the JSON answer and a stream's <c>error</c> event say
/// the same thing. Every problem carries the run id, a 503 or 402 the time to retry after, a moderation block its rule.
/// </summary>
internal static class RunProblems
{
    /// <summary>The problem of an outcome that is no answer; null for a completed or cancelled run.</summary>
    public static ProblemDetails? For(AgentRunResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string detail = result.Error ?? "The run did not complete.";
        ProblemDetails? problem = result.Outcome switch
        {
            RunOutcome.SessionNotFound => Problems.Details(StatusCodes.Status404NotFound, "not-found", "Not found.", detail),
            RunOutcome.SessionAgentMismatch => Problems.Details(StatusCodes.Status409Conflict, "conflict", "The request conflicts with the current state.", detail),
            RunOutcome.SessionConflict => Problems.Details(StatusCodes.Status409Conflict, "session-conflict", "The session changed while the run was in progress.", detail),
            RunOutcome.BudgetExhausted => Problems.Details(StatusCodes.Status402PaymentRequired, "budget-exhausted", "The budget is spent.", detail),
            RunOutcome.ContentBlocked => Problems.Details(StatusCodes.Status422UnprocessableEntity, "content-blocked", "The content was blocked by moderation.", Problems.BlockedDetail(result.BlockedBy ?? "moderation")),
            RunOutcome.Unavailable => Problems.Details(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service cannot answer now.", detail),
            RunOutcome.ModelFailed => Problems.Details(StatusCodes.Status502BadGateway, "model-error", "The model could not answer.", detail),
            _ => null,
        };
        if (problem is null)
        {
            return null;
        }

        problem.Extensions["run_id"] = result.RunId;
        if (result.BlockedBy is { } rule && result.Outcome == RunOutcome.ContentBlocked)
        {
            problem.Extensions["rule"] = rule;
        }

        if (RetryAfterSeconds(result) is { } seconds)
        {
            problem.Extensions["retry_after"] = seconds;
        }

        return problem;
    }

    /// <summary>Whole seconds (at least one) to wait before a retry, for the Retry-After header; null when a retry will not help.</summary>
    public static int? RetryAfterSeconds(AgentRunResult result) =>
        result is { Outcome: RunOutcome.Unavailable or RunOutcome.BudgetExhausted }
            ? Math.Max(1, (int)Math.Ceiling((result.RetryAfter ?? TimeSpan.Zero).TotalSeconds))
            : null;

    /// <summary>The same problem as a stream's last event.</summary>
    public static ErrorData Event(ProblemDetails problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new ErrorData(problem.Type!, problem.Title!, problem.Status!.Value, problem.Detail!, problem.Extensions["run_id"] as string)
        {
            Rule = problem.Extensions.TryGetValue("rule", out object? rule) ? rule as string : null,
            RetryAfter = problem.Extensions.TryGetValue("retry_after", out object? seconds) ? seconds as int? : null,
        };
    }

    public static string Header(int seconds) => seconds.ToString(CultureInfo.InvariantCulture);
}
