using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>
/// Reads a provider's usage report. Microsoft.Extensions.AI counts cached input inside the input count;
/// we split it out so the four parts can be priced separately.
/// </summary>
public static class UsageMapping
{
    /// <summary>Key the Anthropic adapter and our simulator use for prompt-cache writes.</summary>
    public const string CacheWriteKey = "CacheCreationInputTokens";

    /// <summary>
    /// Property of a streamed update carrying the provider's usage so far as <see cref="UsageDetails"/> (Anthropic
    /// reports the input side in <c>message_start</c>, before the first token). The budget layer reads it to price a
    /// stream that ends before its final usage report, and removes it.
    /// </summary>
    public const string UsageSoFarKey = "agentry.usage_so_far";

    /// <summary>
    /// Anthropic's four counts as <see cref="UsageDetails"/>, as the SDK maps them: Anthropic's input excludes cache
    /// reads and writes, Microsoft.Extensions.AI's includes them; the writes go in <see cref="CacheWriteKey"/>.
    /// </summary>
    public static UsageDetails FromAnthropic(long input, long output, long cacheRead, long cacheWrite)
    {
        var details = new UsageDetails
        {
            InputTokenCount = input + cacheRead + cacheWrite,
            OutputTokenCount = output,
            TotalTokenCount = input + cacheRead + cacheWrite + output,
            CachedInputTokenCount = cacheRead,
        };
        if (cacheWrite > 0)
        {
            (details.AdditionalCounts ??= [])[CacheWriteKey] = cacheWrite;
        }

        return details;
    }

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
