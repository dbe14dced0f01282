using System.Collections.Concurrent;
using Agentry.Core.Stores;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Budgets;

/// <summary>
/// A tenant's effective limits: the admin API's override when there is one, else the <c>Budgets</c> configuration.
/// Each replica trusts a lookup for <see cref="BudgetOptions.OverrideCacheDuration"/>, so a change reaches every
/// replica within that and a model call rarely pays a round trip for it. If the store cannot answer, the last known
/// value (or the configuration) applies: the reservation itself still fails closed.
/// </summary>
public sealed class BudgetLimitResolver(IBudgetLimitStore store, IOptions<BudgetOptions> options, TimeProvider time)
{
    private readonly BudgetOptions _options = options.Value;
    private readonly ConcurrentDictionary<string, (BudgetLimits? Override, long Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<(BudgetLimits Limits, bool Overridden)> ForAsync(string tenant, CancellationToken cancellationToken)
    {
        long now = time.GetTimestamp();
        if (!_cache.TryGetValue(tenant, out (BudgetLimits? Override, long Until) cached) || cached.Until <= now)
        {
            try
            {
                BudgetLimits? found = await store.GetAsync(tenant, cancellationToken).ConfigureAwait(false);
                if (_cache.Count > 100_000)
                {
                    _cache.Clear();
                }

                cached = (found, now + (long)(_options.OverrideCacheDuration.TotalSeconds * time.TimestampFrequency));
                _cache[tenant] = cached;
            }
            catch (StoreUnavailableException)
            {
                // Keep what was known; the reservation that follows decides whether the run may go on.
            }
        }

        return cached.Override is { } limits ? (limits, true) : (_options.For(tenant), false);
    }

    /// <summary>Forgets a cached lookup at once (this replica, after a change through it).</summary>
    public void Forget(string tenant) => _cache.TryRemove(tenant, out _);
}
