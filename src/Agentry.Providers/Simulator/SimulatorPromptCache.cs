using System.Collections.Concurrent;

namespace Agentry.Providers.Simulator;

/// <summary>
/// The simulator's prompt cache, shaped like Anthropic's: a prefix up to a breakpoint is written on first sight
/// (reported as cache creation tokens) and read while it lives (cache read tokens); each use renews its lifetime.
/// Prefixes shorter than the minimum are not cached, as upstream. Keyed by model, since caches are per model.
/// </summary>
public sealed class SimulatorPromptCache(TimeProvider time)
{
    private const int PurgeAbove = 10_000;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    /// <summary>Cache read and write tokens of a request with these breakpoints.</summary>
    public (int Read, int Write) Use(string model, IReadOnlyList<CacheBreakpoint> breakpoints, int minimumTokens, TimeSpan timeToLive)
    {
        ArgumentNullException.ThrowIfNull(breakpoints);
        DateTimeOffset now = time.GetUtcNow();
        int read = 0;
        int longest = 0;
        foreach (CacheBreakpoint breakpoint in breakpoints)
        {
            if (breakpoint.Tokens < minimumTokens)
            {
                continue;
            }

            string key = model + "\n" + breakpoint.Key;
            if (_expiries.TryGetValue(key, out DateTimeOffset expiry) && expiry > now)
            {
                read = Math.Max(read, breakpoint.Tokens);
            }

            longest = Math.Max(longest, breakpoint.Tokens);
            _expiries[key] = now + timeToLive;
        }

        if (_expiries.Count > PurgeAbove)
        {
            foreach (KeyValuePair<string, DateTimeOffset> entry in _expiries)
            {
                if (entry.Value <= now)
                {
                    _expiries.TryRemove(entry);
                }
            }
        }

        return (read, longest - read);
    }
}
