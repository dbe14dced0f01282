namespace Agentry.Core.Budgets;

/// <summary>
/// The <c>Budgets</c> configuration section: USD limits per tenant and period. <see cref="Default"/> applies
/// to every tenant without an entry of its own in <see cref="Tenants"/>. A limit of 0 means no limit.
/// </summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Budgets";

    public BudgetLimits Default { get; } = new();

    public IDictionary<string, BudgetLimits> Tenants { get; } = new Dictionary<string, BudgetLimits>(StringComparer.Ordinal);

    /// <summary>Shares of a limit that, once crossed, emit one event per period each.</summary>
    public IList<double> Thresholds { get; } = [0.5, 0.8, 1.0];

    /// <summary>How long daily usage records are kept.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(400);

    /// <summary>How long a replica trusts a looked-up admin override of a tenant's limits.</summary>
    public TimeSpan OverrideCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    public BudgetLimits For(string tenant) => Tenants.TryGetValue(tenant, out BudgetLimits? limits) ? limits : Default;
}
