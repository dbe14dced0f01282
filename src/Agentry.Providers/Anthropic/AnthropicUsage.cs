using Agentry.Core.Agents;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Anthropic's four token counts in Microsoft.Extensions.AI's terms, as the SDK maps them, for the SDK adapter and
/// the direct client alike: Anthropic's input excludes cache reads and writes, Microsoft.Extensions.AI's includes
/// them; the writes go under <see cref="UsageMapping.CacheWriteKey"/>.
/// </summary>
internal static class AnthropicUsage
{
    public static UsageDetails ToUsageDetails(long input, long output, long cacheRead, long cacheWrite)
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
            (details.AdditionalCounts ??= [])[UsageMapping.CacheWriteKey] = cacheWrite;
        }

        return details;
    }
}
