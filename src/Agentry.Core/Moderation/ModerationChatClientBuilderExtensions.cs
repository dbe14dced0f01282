using Agentry.Core.Agents;
using Agentry.Core.Audit;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core.Moderation;

/// <summary><c>UseModeration(agent)</c>: the agent's moderation rules on what goes in and what comes out; nothing when it has none.</summary>
public static class ModerationChatClientBuilderExtensions
{
    public static ChatClientBuilder UseModeration(this ChatClientBuilder builder, AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(agent);
        return agent.Moderation.IsEmpty
            ? builder
            : builder.Use((inner, services) => new ModerationChatClient(inner, agent.Moderation, agent.Name, services.GetRequiredService<AgentryMetrics>(), services.GetService<IAuditSink>()));
    }
}
