using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>Builds the provider client of an agent; implemented by Agentry.Providers.</summary>
public interface IAgentChatClientFactory
{
    /// <summary>The bare provider client (no decorators), and the provider and model names it reports under.</summary>
    (IChatClient Client, string Provider, string Model) Create(AgentDefinition agent);

    /// <summary>Provider names an agent definition may use.</summary>
    IReadOnlyCollection<string> KnownProviders { get; }
}
