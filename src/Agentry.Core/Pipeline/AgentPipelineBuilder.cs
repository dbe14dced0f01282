using Agentry.Core.Agents;
using Agentry.Core.Caching;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agentry.Core.Pipeline;

/// <summary>
/// Wraps an agent's provider client in the decorators of DESIGN.md, outermost first:
/// response cache → OpenTelemetry (gen_ai.client.* metrics and spans) → provider.
/// The cache sits outside telemetry so a hit records no model call and no tokens.
/// </summary>
public sealed class AgentPipelineBuilder
{
    private readonly IResponseCache _cache;
    private readonly AgentryMetrics _metrics;
    private readonly ILoggerFactory _loggerFactory;

    public AgentPipelineBuilder(IResponseCache cache, AgentryMetrics metrics, ILoggerFactory loggerFactory)
    {
        _cache = cache;
        _metrics = metrics;
        _loggerFactory = loggerFactory;
    }

    public IChatClient Build(AgentDefinition agent, IChatClient provider)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var builder = new ChatClientBuilder(provider);
        if (agent.ResponseCache.Enabled)
        {
            builder.Use(inner => new ResponseCachingChatClient(inner, _cache, agent.Name, agent.ResponseCache.TimeToLive, _metrics));
        }

        builder.UseOpenTelemetry(_loggerFactory, configure: telemetry => telemetry.EnableSensitiveData = false);
        return builder.Build();
    }
}
