using Agentry.Core.Agents;
using Agentry.Core.Budgets;
using Agentry.Core.Caching;
using Agentry.Core.Moderation;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core.Pipeline;

/// <summary>
/// Builds each agent's chat pipeline, outermost first, in one chain:
/// moderation → response cache → budget reservation and usage recording → fallback chain, and on each route
/// OpenTelemetry (gen_ai.client.* metrics and spans, naming the provider and model of that route) → the route's shared
/// resilient client (retry, provider concurrency limit, circuit breaker, attempt timeout) → provider client.
/// The cache sits outside telemetry, so a hit records no model call and no tokens.
/// </summary>
public sealed class AgentPipeline(IServiceProvider services, ModelRoutes routes, AgentryMetrics metrics)
{
    /// <summary>The agent's pipeline and its primary route.</summary>
    public (IChatClient Client, ModelRef Primary) Build(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        IReadOnlyList<ModelRef> chain = routes.Of(agent);
        var fallback = new FallbackChatClient(
            chain.Select(route => new ModelRoute(route.Provider, route.Model, new ChatClientBuilder(routes.Client(route)).UseAgentryTelemetry().Build(services))).ToList(),
            metrics);
        IChatClient client = new ChatClientBuilder(fallback)
            .UseModeration(agent)
            .UseResponseCache(agent)
            .UseBudgets(agent, chain)
            .Build(services);
        return (client, chain[0]);
    }
}
