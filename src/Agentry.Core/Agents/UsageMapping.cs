using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>
/// Reads a usage report in Microsoft.Extensions.AI's terms, which count cached input inside the input count: we
/// split it out so the four parts can be priced separately. Each provider adapter maps its own report into those
/// terms (Anthropic's: <c>AnthropicUsage</c> in Agentry.Providers).
/// </summary>
public static class UsageMapping
{
    /// <summary>
    /// The <see cref="UsageDetails.AdditionalCounts"/> key under which provider adapters report prompt-cache writes
    /// (Microsoft.Extensions.AI has a field for cache reads, none for writes); any key naming cache creation or
    /// writes is read as one.
    /// </summary>
    public const string CacheWriteKey = "CacheCreationInputTokens";

    public static RunUsage From(UsageDetails? usage)
    {
        if (usage is null)
        {
            return default;
        }

        long cacheRead = usage.CachedInputTokenCount ?? 0;
        long cacheWrite = 0;
        if (usage.AdditionalCounts is { } extra)
        {
            foreach (KeyValuePair<string, long> count in extra)
            {
                if (count.Key.Contains("cache", StringComparison.OrdinalIgnoreCase)
                    && (count.Key.Contains("creation", StringComparison.OrdinalIgnoreCase) || count.Key.Contains("write", StringComparison.OrdinalIgnoreCase)))
                {
                    cacheWrite += count.Value;
                }
            }
        }

        long input = Math.Max(0, (usage.InputTokenCount ?? 0) - cacheRead - cacheWrite);
        return new RunUsage(input, usage.OutputTokenCount ?? 0, cacheRead, cacheWrite);
    }
}
