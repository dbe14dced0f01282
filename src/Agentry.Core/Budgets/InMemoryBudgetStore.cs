using System.Collections.Concurrent;
using System.Globalization;

namespace Agentry.Core.Budgets;

/// <summary>Budgets and usage in this process's memory, one lock per tenant: for one instance only.</summary>
public sealed class InMemoryBudgetStore : IBudgetStore
{
    private readonly ConcurrentDictionary<string, Ledger> _ledgers = new(StringComparer.Ordinal);

    public Task<BudgetDecision> ReserveAsync(string tenant, long micros, BudgetLimits limits, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        BudgetPeriods periods = BudgetPeriods.At(now);
        Ledger ledger = _ledgers.GetOrAdd(tenant, _ => new Ledger());
        lock (ledger)
        {
            Period day = ledger.Period("d" + periods.Day);
            Period month = ledger.Period("m" + periods.Month);
            if (Exceeds(day, limits.DailyUsd, micros))
            {
                return Task.FromResult(BudgetDecision.Refuse("daily", periods.DayEnds));
            }

            if (Exceeds(month, limits.MonthlyUsd, micros))
            {
                return Task.FromResult(BudgetDecision.Refuse("monthly", periods.MonthEnds));
            }

            day.Reserved += micros;
            month.Reserved += micros;
        }

        return Task.FromResult(BudgetDecision.Grant(Guid.NewGuid().ToString("N")));
    }

    public Task<SettleOutcome> SettleAsync(string tenant, string? reservationId, long reservedMicros, UsageRecord usage, BudgetLimits limits, IReadOnlyList<double> thresholds, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(usage);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(thresholds);
        BudgetPeriods periods = BudgetPeriods.At(now);
        long actual = Micros.From(usage.CostUsd);
        Ledger ledger = _ledgers.GetOrAdd(tenant, _ => new Ledger());
        var crossed = new List<CrossedThreshold>();
        lock (ledger)
        {
            Period day = ledger.Period("d" + periods.Day);
            Period month = ledger.Period("m" + periods.Month);
            day.Reserved -= reservedMicros;
            month.Reserved -= reservedMicros;
            day.Spent += actual;
            month.Spent += actual;
            Cross(day, "daily", limits.DailyUsd, thresholds, crossed);
            Cross(month, "monthly", limits.MonthlyUsd, thresholds, crossed);

            string key = string.Join('|', periods.Day, usage.Agent, usage.Model);
            long[] totals = ledger.Usage.TryGetValue(key, out long[]? existing) ? existing : ledger.Usage[key] = new long[6];
            totals[0]++;
            totals[1] += usage.InputTokens;
            totals[2] += usage.OutputTokens;
            totals[3] += usage.CacheReadTokens;
            totals[4] += usage.CacheWriteTokens;
            totals[5] += actual;
            return Task.FromResult(new SettleOutcome(Micros.ToUsd(day.Spent), Micros.ToUsd(month.Spent), crossed));
        }
    }

    public Task<(long DailyMicros, long MonthlyMicros)> GetSpendAsync(string tenant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        BudgetPeriods periods = BudgetPeriods.At(now);
        Ledger ledger = _ledgers.GetOrAdd(tenant, _ => new Ledger());
        lock (ledger)
        {
            Period day = ledger.Period("d" + periods.Day);
            Period month = ledger.Period("m" + periods.Month);
            return Task.FromResult((day.Spent + day.Reserved, month.Spent + month.Reserved));
        }
    }

    public Task<IReadOnlyList<UsageTotal>> GetUsageAsync(string tenant, DateOnly firstDay, DateOnly lastDay, CancellationToken cancellationToken)
    {
        var result = new List<UsageTotal>();
        if (!_ledgers.TryGetValue(tenant, out Ledger? ledger))
        {
            return Task.FromResult<IReadOnlyList<UsageTotal>>(result);
        }

        string first = firstDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        string last = lastDay.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        lock (ledger)
        {
            foreach ((string key, long[] t) in ledger.Usage)
            {
                string[] parts = key.Split('|');
                if (string.CompareOrdinal(parts[0], first) >= 0 && string.CompareOrdinal(parts[0], last) <= 0)
                {
                    result.Add(new UsageTotal(parts[0], parts[1], parts[2], t[0], t[1], t[2], t[3], t[4], Micros.ToUsd(t[5])));
                }
            }
        }

        return Task.FromResult<IReadOnlyList<UsageTotal>>(result.OrderBy(u => u.Day, StringComparer.Ordinal).ThenBy(u => u.Agent, StringComparer.Ordinal).ThenBy(u => u.Model, StringComparer.Ordinal).ToList());
    }

    private static bool Exceeds(Period period, decimal limitUsd, long micros) =>
        limitUsd > 0 && period.Spent + period.Reserved + micros > Micros.From(limitUsd);

    private static void Cross(Period period, string name, decimal limitUsd, IReadOnlyList<double> thresholds, List<CrossedThreshold> crossed)
    {
        if (limitUsd <= 0)
        {
            return;
        }

        foreach (double share in thresholds)
        {
            if (period.Spent >= Micros.From(limitUsd * (decimal)share) && period.Crossed.Add(share))
            {
                crossed.Add(new CrossedThreshold(name, share, limitUsd, Micros.ToUsd(period.Spent)));
            }
        }
    }

    private sealed class Ledger
    {
        private readonly Dictionary<string, Period> _periods = new(StringComparer.Ordinal);

        public Dictionary<string, long[]> Usage { get; } = new(StringComparer.Ordinal);

        public Period Period(string key)
        {
            if (!_periods.TryGetValue(key, out Period? period))
            {
                // Old periods are no longer read; drop them so a long-lived process does not grow.
                if (_periods.Count > 8)
                {
                    _periods.Clear();
                }

                _periods[key] = period = new Period();
            }

            return period;
        }
    }

    private sealed class Period
    {
        public long Spent { get; set; }

        public long Reserved { get; set; }

        public HashSet<double> Crossed { get; } = [];
    }
}
