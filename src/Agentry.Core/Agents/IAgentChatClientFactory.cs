using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>Builds bare provider clients (no decorators); implemented by Agentry.Providers.</summary>
public interface IAgentChatClientFactory
{
    /// <summary>Provider names an agent definition may use.</summary>
    IReadOnlyCollection<string> KnownProviders { get; }

    /// <summary>The provider that a configured name means (<c>auto</c> becomes a concrete provider).</summary>
    string ResolveProvider(string provider);

    /// <summary>A client of <paramref name="provider"/> (already resolved) for <paramref name="model"/>.</summary>
    IChatClient Create(string provider, string model);
}
