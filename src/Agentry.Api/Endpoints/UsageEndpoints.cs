using System.Globalization;
using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Core.Budgets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agentry.Api.Endpoints;

/// <summary><c>GET /v1/usage</c>: the caller's tokens and spend by day, agent and model.</summary>
internal static class UsageEndpoints
{
    private const int MaxDays = 92;

    public static RouteGroupBuilder MapUsageEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/usage").WithTags("Usage");
        group.MapGet("", GetUsageAsync)
            .WithName("GetUsage")
            .Produces<UsageReport>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<IResult> GetUsageAsync(HttpContext context, IBudgetStore store, BudgetLimitResolver budgets, TimeProvider time, string? from = null, string? to = null)
    {
        DateTimeOffset now = time.GetUtcNow();
        ProblemHttpResultOr<(DateOnly First, DateOnly Last)> range = ReadRange(from, to, now);
        if (range.Problem is not null)
        {
            return range.Problem;
        }

        (DateOnly first, DateOnly last) = range.Value;
        UsageReport report = await ReportAsync(store, budgets, RequestTenant.Of(context), first, last, now, context.RequestAborted).ConfigureAwait(false);
        return TypedResults.Json(report, ApiJson.Context.UsageReport);
    }

    /// <summary>Reads the date range of <c>from</c> and <c>to</c> (default: the last 30 days), or says what is wrong with it.</summary>
    public static ProblemHttpResultOr<(DateOnly First, DateOnly Last)> ReadRange(string? from, string? to, DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        if (!TryParseDay(to, today, out DateOnly last))
        {
            return Problems.BadRequest("'to' must be a date written yyyy-MM-dd.", "to");
        }

        if (!TryParseDay(from, last.AddDays(-29), out DateOnly first))
        {
            return Problems.BadRequest("'from' must be a date written yyyy-MM-dd.", "from");
        }

        if (first > last || last.DayNumber - first.DayNumber >= MaxDays)
        {
            return Problems.BadRequest($"'from' must not be after 'to', and the range may cover at most {MaxDays} days.", "from");
        }

        return (first, last);
    }

    /// <summary>One tenant's usage over the range, with totals and its budget state now.</summary>
    public static async Task<UsageReport> ReportAsync(IBudgetStore store, BudgetLimitResolver budgets, string tenant, DateOnly first, DateOnly last, DateTimeOffset now, CancellationToken cancellationToken)
    {
        IReadOnlyList<UsageTotal> totals = await store.GetUsageAsync(tenant, first, last, cancellationToken).ConfigureAwait(false);
        (long daily, long monthly) = await store.GetSpendAsync(tenant, now, cancellationToken).ConfigureAwait(false);
        (BudgetLimits limits, _) = await budgets.ForAsync(tenant, cancellationToken).ConfigureAwait(false);
        var lines = totals.Select(t => new UsageLine(Day(t.Day), t.Agent, t.Model, t.Calls, t.InputTokens, t.OutputTokens, t.CacheReadTokens, t.CacheWriteTokens, t.CostUsd)).ToArray();
        var total = new UsageLine(null, null, null, lines.Sum(l => l.Calls), lines.Sum(l => l.InputTokens), lines.Sum(l => l.OutputTokens),
            lines.Sum(l => l.CacheReadTokens), lines.Sum(l => l.CacheWriteTokens), lines.Sum(l => l.CostUsd));
        return new UsageReport(tenant, first.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), last.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), total, lines,
            new BudgetStatus(limits.DailyUsd, Micros.ToUsd(daily), limits.MonthlyUsd, Micros.ToUsd(monthly)));
    }

    private static bool TryParseDay(string? text, DateOnly fallback, out DateOnly day)
    {
        if (string.IsNullOrEmpty(text))
        {
            day = fallback;
            return true;
        }

        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day);
    }

    private static string Day(string compact) => $"{compact[..4]}-{compact[4..6]}-{compact[6..]}";
}
