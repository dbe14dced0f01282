using System.ComponentModel.DataAnnotations;

namespace Agentry.Core.Budgets;

/// <summary>Daily and monthly spend limits in USD (UTC calendar days and months); 0 is no limit.</summary>
public sealed class BudgetLimits
{
    [Range(0, 10_000_000)]
    public decimal DailyUsd { get; set; }

    [Range(0, 100_000_000)]
    public decimal MonthlyUsd { get; set; }

    public bool Any => DailyUsd > 0 || MonthlyUsd > 0;
}
