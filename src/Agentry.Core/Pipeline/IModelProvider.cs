using Microsoft.Extensions.AI;

namespace Agentry.Core.Pipeline;

/// <summary>
/// A model provider (Anthropic, an OpenAI-compatible server, the simulator), registered keyed by its name with
/// <see cref="ModelProviderBuilderExtensions.AddModelProvider{TProvider}"/>. Its clients bring their own failure
/// classification: they report every failure of the provider as <see cref="Resilience.ProviderException"/>.
/// </summary>
public interface IModelProvider
{
    /// <summary>Whether it can serve now (a provider that needs a key has one); <c>auto</c> agents take the first that can.</summary>
    bool IsConfigured { get; }

    /// <summary>A bare client of <paramref name="model"/>: no decorators, the SDK's own retries off (resilience is Agentry's).</summary>
    IChatClient CreateClient(string model);
}
