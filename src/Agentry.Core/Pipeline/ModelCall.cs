using Agentry.Core.Budgets;
using Agentry.Core.Resilience;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Pipeline;

/// <summary>
/// One model call of a run, as every part of the chat pipeline sees it: whom it is for and what the caller asked
/// (set by the runner before the call) and what the pipeline did with it (set by the decorators and the provider
/// adapter during the call, read by the runner after it). One typed object instead of loose keys: it travels on the
/// call's <see cref="ChatOptions"/>, which every decorator and adapter receives, and a decorator that clones the
/// options keeps the same instance.
/// </summary>
public sealed class ModelCall
{
    private const string Key = "Agentry.ModelCall";

    /// <summary>The tenant the call is for: the response cache's and the budget's scope.</summary>
    public required string Tenant { get; init; }

    /// <summary>The caller asked to skip the response cache (<c>Cache-Control: no-cache</c>).</summary>
    public bool BypassCache { get; init; }

    /// <summary>The agent asks the provider to cache the stable prefix (tool definitions, system prompt).</summary>
    public bool PromptCaching { get; init; }

    /// <summary>What the budget layer settled for the call; the runner accounts it when the call ends without an answer.</summary>
    public UsageReceipt Receipt { get; } = new();

    /// <summary>Set by the response cache when it answered: no model was called.</summary>
    public bool Cached { get; set; }

    /// <summary>Set by the fallback chain: the provider and model that answered.</summary>
    public ModelRef? AnsweredBy { get; set; }

    /// <summary>Set by the fallback chain when a fallback model answered rather than the agent's primary.</summary>
    public bool AnsweredByFallback { get; set; }

    /// <summary>
    /// Set by a provider adapter while a stream runs: the usage it reported before the end (Anthropic reports the
    /// input side in <c>message_start</c>), so a stream cut short can still be priced.
    /// </summary>
    public UsageDetails? UsageSoFar { get; set; }

    /// <summary>The call of <paramref name="options"/>, if the runner attached one.</summary>
    public static ModelCall? Of(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(Key, out object? call) == true ? call as ModelCall : null;

    /// <summary>Attaches this call to <paramref name="options"/> and returns them.</summary>
    public ChatOptions AttachTo(ChatOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        (options.AdditionalProperties ??= [])[Key] = this;
        return options;
    }
}
