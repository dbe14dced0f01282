namespace Agentry.Core.Budgets;

/// <summary>The answer to a reservation: granted (with its id), or refused for a period that resets at a known time.</summary>
public sealed record BudgetDecision(bool Granted, string? ReservationId, string? ExhaustedPeriod, DateTimeOffset? ResetsAt)
{
    public static BudgetDecision Grant(string reservationId) => new(true, reservationId, null, null);

    public static BudgetDecision Refuse(string period, DateTimeOffset resetsAt) => new(false, null, period, resetsAt);
}
