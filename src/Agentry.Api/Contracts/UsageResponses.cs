namespace Agentry.Api.Contracts;

/// <summary>Answer of <c>GET /v1/usage</c>: the caller's usage per day, agent and model, and the totals.</summary>
public sealed record UsageReport(string Tenant, string From, string To, UsageLine Total, IReadOnlyList<UsageLine> ByDay, BudgetStatus Budget);

/// <summary>One day, agent and model (or the total, where those are empty).</summary>
public sealed record UsageLine(string? Day, string? Agent, string? Model, long Calls, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, decimal CostUsd);

/// <summary>The caller's limits and what is left of them now (reservations in flight included).</summary>
public sealed record BudgetStatus(decimal DailyLimitUsd, decimal DailySpentUsd, decimal MonthlyLimitUsd, decimal MonthlySpentUsd);
