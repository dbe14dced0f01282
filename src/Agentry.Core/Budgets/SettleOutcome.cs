namespace Agentry.Core.Budgets;

/// <summary>After a settlement: the period spends, and the thresholds crossed for the first time in their period.</summary>
public sealed record SettleOutcome(decimal DailySpentUsd, decimal MonthlySpentUsd, IReadOnlyList<CrossedThreshold> Crossed);

/// <summary>A share of a period's limit reached for the first time in that period.</summary>
public sealed record CrossedThreshold(string Period, double Share, decimal LimitUsd, decimal SpentUsd);
