using System.Globalization;
using Agentry.Core.Budgets;
using Agentry.Redis.Connection;
using Agentry.Redis.Scripts;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Agentry.Redis.Budgets;

/// <summary>
/// Budgets shared by every replica: per tenant, a hash per UTC day and month (<c>spent</c>, <c>reserved</c>,
/// crossed thresholds) and a usage hash per day (<c>agent|model|metric</c> counters). Reserve and settle are
/// one Lua script each, so one round trip each.
/// </summary>
public sealed class RedisBudgetStore(RedisGuard redis, IOptions<BudgetOptions> options) : IBudgetStore
{
    // Period keys outlive their period a little so late settlements still land.
    private static readonly TimeSpan Grace = TimeSpan.FromDays(2);

    public async Task<BudgetDecision> ReserveAsync(string tenant, long micros, BudgetLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        BudgetPeriods periods = BudgetPeriods.At(now);
        RedisKey[] keys = [redis.Keys.BudgetDay(tenant, periods.Day), redis.Keys.BudgetMonth(tenant, periods.Month)];
        RedisValue[] args = [micros, Micros.From(limits.DailyUsd), Micros.From(limits.MonthlyUsd), Ttl(periods.DayEnds, now), Ttl(periods.MonthEnds, now)];
        RedisResult result = await redis.ExecuteAsync("budget_reserve", db => db.ScriptEvaluateAsync(LuaScripts.BudgetReserve, keys, args), cancellationToken).ConfigureAwait(false);
        return (string?)result switch
        {
            "daily" => BudgetDecision.Refuse("daily", periods.DayEnds),
            "monthly" => BudgetDecision.Refuse("monthly", periods.MonthEnds),
            _ => BudgetDecision.Grant(Guid.NewGuid().ToString("N")),
        };
    }

    public async Task<SettleOutcome> SettleAsync(string tenant, string? reservationId, long reservedMicros, UsageRecord usage, BudgetLimits limits, IReadOnlyList<double> thresholds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(thresholds);
        BudgetPeriods periods = BudgetPeriods.At(now);
        RedisKey[] keys = [redis.Keys.BudgetDay(tenant, periods.Day), redis.Keys.BudgetMonth(tenant, periods.Month), redis.Keys.Usage(tenant, periods.Day)];
        string permille = string.Join(',', thresholds.Select(t => ((int)Math.Round(t * 1000)).ToString(CultureInfo.InvariantCulture)));
        RedisValue[] args =
        [
            reservedMicros, Micros.From(usage.CostUsd), Micros.From(limits.DailyUsd), Micros.From(limits.MonthlyUsd), permille,
            $"{usage.Agent}|{usage.Model}", usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens, usage.CacheWriteTokens,
            Ttl(periods.DayEnds, now), Ttl(periods.MonthEnds, now), (long)options.Value.UsageRetention.TotalMilliseconds,
        ];
        RedisResult result = await redis.ExecuteAsync("budget_settle", db => db.ScriptEvaluateAsync(LuaScripts.BudgetSettle, keys, args), cancellationToken).ConfigureAwait(false);
        RedisResult[] fields = (RedisResult[])result!;
        long day = (long)fields[0];
        long month = (long)fields[1];
        var crossed = new List<CrossedThreshold>();
        foreach (RedisResult item in fields.Skip(2))
        {
            string[] parts = ((string)item!).Split(':');
            double share = int.Parse(parts[1], CultureInfo.InvariantCulture) / 1000.0;
            bool daily = parts[0] == "daily";
            crossed.Add(new CrossedThreshold(parts[0], share, daily ? limits.DailyUsd : limits.MonthlyUsd, Micros.ToUsd(daily ? day : month)));
        }

        return new SettleOutcome(Micros.ToUsd(day), Micros.ToUsd(month), crossed);
    }

    public async Task<(long DailyMicros, long MonthlyMicros)> GetSpendAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        BudgetPeriods periods = BudgetPeriods.At(now);
        RedisValue[][] values = await redis.ExecuteAsync("budget_get", async db =>
        {
            IBatch batch = db.CreateBatch();
            Task<RedisValue[]> day = batch.HashGetAsync(redis.Keys.BudgetDay(tenant, periods.Day), ["spent", "reserved"]);
            Task<RedisValue[]> month = batch.HashGetAsync(redis.Keys.BudgetMonth(tenant, periods.Month), ["spent", "reserved"]);
            batch.Execute();
            return new[] { await day.ConfigureAwait(false), await month.ConfigureAwait(false) };
        }, cancellationToken).ConfigureAwait(false);
        return (Sum(values[0]), Sum(values[1]));
    }

    public async Task<IReadOnlyList<UsageTotal>> GetUsageAsync(string tenant, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var days = new List<string>();
        for (DateOnly day = firstDay; day <= lastDay; day = day.AddDays(1))
        {
            days.Add(day.ToString("yyyyMMdd", CultureInfo.InvariantCulture));
        }

        HashEntry[][] hashes = await redis.ExecuteAsync("usage_get", async db =>
        {
            IBatch batch = db.CreateBatch();
            Task<HashEntry[]>[] reads = days.Select(d => batch.HashGetAllAsync(redis.Keys.Usage(tenant, d))).ToArray();
            batch.Execute();
            return await Task.WhenAll(reads).ConfigureAwait(false);
        }, cancellationToken).ConfigureAwait(false);

        var totals = new List<UsageTotal>();
        for (int i = 0; i < days.Count; i++)
        {
            foreach (IGrouping<string, HashEntry> group in hashes[i].GroupBy(e => ((string)e.Name!)[..((string)e.Name!).LastIndexOf('|')], StringComparer.Ordinal))
            {
                string[] key = group.Key.Split('|');
                long Field(string name) => (long)group.FirstOrDefault(e => ((string)e.Name!).EndsWith("|" + name, StringComparison.Ordinal)).Value;
                totals.Add(new UsageTotal(days[i], key[0], key.Length > 1 ? key[1] : "", Field("calls"), Field("input"), Field("output"), Field("cache_read"), Field("cache_write"), Micros.ToUsd(Field("cost"))));
            }
        }

        return totals.OrderBy(u => u.Day, StringComparer.Ordinal).ThenBy(u => u.Agent, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal).ToList();
    }

    private static long Ttl(DateTimeOffset periodEnd, DateTimeOffset now) => (long)(periodEnd - now + Grace).TotalMilliseconds;

    private static long Sum(RedisValue[] values) => values.Sum(v => v.IsNull ? 0 : (long)v);
}
