using System.Globalization;

namespace Agentry.Core.Budgets;

/// <summary>The UTC day and month a moment falls in, as keys, and when each ends.</summary>
public readonly record struct BudgetPeriods(string Day, string Month, DateTimeOffset DayEnds, DateTimeOffset MonthEnds)
{
    public static BudgetPeriods At(DateTimeOffset now)
    {
        DateTimeOffset utc = now.ToUniversalTime();
        var day = new DateTimeOffset(utc.Year, utc.Month, utc.Day, 0, 0, 0, TimeSpan.Zero);
        var month = new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return new BudgetPeriods(
            day.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            month.ToString("yyyyMM", CultureInfo.InvariantCulture),
            day.AddDays(1),
            month.AddMonths(1));
    }
}
