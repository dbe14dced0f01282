namespace Agentry.Core.Budgets;

/// <summary>Budget limits set through the admin API; they override the <c>Budgets</c> configuration per tenant.</summary>
public interface IBudgetLimitStore
{
    Task<BudgetLimits?> GetAsync(string tenant, CancellationToken cancellationToken);

    Task SetAsync(string tenant, BudgetLimits limits, CancellationToken cancellationToken);

    /// <summary>Removes the override; false when there was none.</summary>
    Task<bool> RemoveAsync(string tenant, CancellationToken cancellationToken);
}

/// <summary>Overrides in this process's memory: for one instance only, lost on restart.</summary>
public sealed class InMemoryBudgetLimitStore : IBudgetLimitStore
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, BudgetLimits> _limits = new(StringComparer.Ordinal);

    public Task<BudgetLimits?> GetAsync(string tenant, CancellationToken cancellationToken) =>
        Task.FromResult(_limits.TryGetValue(tenant, out BudgetLimits? limits) ? Copy(limits) : null);

    public Task SetAsync(string tenant, BudgetLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        _limits[tenant] = Copy(limits);
        return Task.CompletedTask;
    }

    public Task<bool> RemoveAsync(string tenant, CancellationToken cancellationToken) => Task.FromResult(_limits.TryRemove(tenant, out _));

    private static BudgetLimits Copy(BudgetLimits limits) => new() { DailyUsd = limits.DailyUsd, MonthlyUsd = limits.MonthlyUsd };
}
