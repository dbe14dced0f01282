using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core.Caching;

/// <summary><c>UseResponseCache(agent)</c>: the exact-match answer cache, for agents that enable it.</summary>
public static class ResponseCacheChatClientBuilderExtensions
{
    public static ChatClientBuilder UseResponseCache(this ChatClientBuilder builder, AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agent);
        return !agent.ResponseCache.Enabled
            ? builder
            : builder.Use((inner, services) => new ResponseCachingChatClient(
                inner, services.GetRequiredService<IResponseCache>(), agent.Name, agent.ResponseCache.TimeToLive,
                services.GetRequiredService<PriceTable>(), services.GetRequiredService<AgentryMetrics>()));
    }
}
