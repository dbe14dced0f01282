namespace Agentry.Core.Budgets;

/// <summary>The tenant's budget cannot cover the worst case of the next model call (402).</summary>
public sealed class BudgetExceededException : Exception
{
    public BudgetExceededException()
    {
    }

    public BudgetExceededException(string message)
        : base(message)
    {
    }

    public BudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public BudgetExceededException(string period, DateTimeOffset resetsAt)
        : base($"The {period} budget is spent; it resets at {resetsAt:u}.")
    {
        Period = period;
        ResetsAt = resetsAt;
    }

    public string Period { get; } = "";

    public DateTimeOffset ResetsAt { get; }
}
