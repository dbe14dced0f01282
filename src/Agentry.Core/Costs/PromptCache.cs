using Microsoft.Extensions.AI;

namespace Agentry.Core.Costs;

/// <summary>
/// Asks the provider to cache the stable prefix of a model call (tool definitions and system prompt). Set per call
/// by agents with <c>PromptCaching</c> on; the provider adapter turns it into its own form (Anthropic:
/// <c>cache_control</c> breakpoints after the last tool and after the system prompt). Providers without prompt
/// caching ignore it.
/// </summary>
public static class PromptCache
{
    public const string Property = "agentry.prompt_cache";

    public static bool IsRequested(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Property, out object? requested) == true && requested is true;
}
