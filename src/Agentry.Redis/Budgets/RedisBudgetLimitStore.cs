using System.Globalization;
using Agentry.Core.Budgets;
using Agentry.Redis.Connection;
using StackExchange.Redis;

namespace Agentry.Redis.Budgets;

/// <summary>Admin overrides of a tenant's budget limits, one small hash per tenant, shared by every replica.</summary>
public sealed class RedisBudgetLimitStore(RedisGuard redis) : IBudgetLimitStore
{
    public async Task<BudgetLimits?> GetAsync(string tenant, CancellationToken cancellationToken)
    {
        RedisValue[] values = await redis.ExecuteAsync("budget_limits_get", db => db.HashGetAsync(redis.Keys.BudgetLimits(tenant), ["daily", "monthly"]), cancellationToken).ConfigureAwait(false);
        if (values[0].IsNull && values[1].IsNull)
        {
            return null;
        }

        return new BudgetLimits { DailyUsd = Usd(values[0]), MonthlyUsd = Usd(values[1]) };
    }

    public Task SetAsync(string tenant, BudgetLimits limits, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        HashEntry[] fields =
        [
            new("daily", limits.DailyUsd.ToString(CultureInfo.InvariantCulture)),
            new("monthly", limits.MonthlyUsd.ToString(CultureInfo.InvariantCulture)),
        ];
        return redis.ExecuteAsync("budget_limits_set", async db =>
        {
            await db.HashSetAsync(redis.Keys.BudgetLimits(tenant), fields).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }

    public Task<bool> RemoveAsync(string tenant, CancellationToken cancellationToken) =>
        redis.ExecuteAsync("budget_limits_remove", db => db.KeyDeleteAsync(redis.Keys.BudgetLimits(tenant)), cancellationToken);

    private static decimal Usd(RedisValue value) => value.IsNull ? 0 : decimal.Parse((string)value!, CultureInfo.InvariantCulture);
}
