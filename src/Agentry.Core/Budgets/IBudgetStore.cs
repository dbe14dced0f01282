namespace Agentry.Core.Budgets;

/// <summary>
/// Spend per tenant and period, and the usage records behind it. Before a model call its worst-case cost is
/// reserved atomically against every limit; after it the reservation is settled to the real cost and the
/// usage recorded. Concurrent calls therefore cannot overspend a limit by more than one reservation.
/// </summary>
public interface IBudgetStore
{
    Task<BudgetDecision> ReserveAsync(string tenant, long micros, BudgetLimits limits, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Releases the reservation (if any), adds the real cost and records the usage.</summary>
    Task<SettleOutcome> SettleAsync(string tenant, string? reservationId, long reservedMicros, UsageRecord usage, BudgetLimits limits, IReadOnlyList<double> thresholds, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Spend so far in the periods of <paramref name="now"/>, reservations included.</summary>
    Task<(long DailyMicros, long MonthlyMicros)> GetSpendAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Usage per day, agent and model, for the UTC days from <paramref name="firstDay"/> to <paramref name="lastDay"/> inclusive.</summary>
    Task<IReadOnlyList<UsageTotal>> GetUsageAsync(string tenant, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken);
}
