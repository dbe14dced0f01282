using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Agentry.Core.Agents;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Pipeline;

/// <summary>
/// The resilient client of each provider and model, made once and shared by every agent that uses it, so they share
/// its circuit breaker; a provider's concurrency limit is shared by all its models.
/// </summary>
public sealed class ModelRoutes : IDisposable
{
    private readonly ModelProviders _providers;
    private readonly ResilienceOptions _resilience;
    private readonly AgentryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<ResilientChatClient> _logger;
    private readonly ConcurrentDictionary<string, RateLimiter> _providerLimits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<ModelRef, ResilientChatClient> _clients = new();

    public ModelRoutes(ModelProviders providers, IOptions<ResilienceOptions> resilience, AgentryMetrics metrics, TimeProvider time, ILogger<ResilientChatClient> logger)
    {
        ArgumentNullException.ThrowIfNull(resilience);
        _providers = providers;
        _resilience = resilience.Value;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    /// <summary>An agent's routes in the order they are tried: its model, then each fallback (<c>model</c> or <c>provider/model</c>).</summary>
    public IReadOnlyList<ModelRef> Of(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        string primary = _providers.Resolve(agent.Provider);
        var routes = new List<ModelRef> { new(primary, agent.Model) };
        foreach (string fallback in agent.FallbackModels)
        {
            ModelRef parsed = ModelRef.Parse(fallback, primary, _providers.Names);
            routes.Add(parsed with { Provider = _providers.Resolve(parsed.Provider) });
        }

        return routes;
    }

    /// <summary>Every route's client made so far: all of every agent's routes once the agent catalog is built (at start-up).</summary>
    public IEnumerable<ResilientChatClient> Clients => _clients.Values;

    /// <summary>The shared resilient client of <paramref name="route"/>.</summary>
    public ResilientChatClient Client(ModelRef route) =>
        _clients.GetOrAdd(route, key => new ResilientChatClient(
            _providers.Get(key.Provider).CreateClient(key.Model),
            key.Provider,
            key.Model,
            _resilience,
            _providerLimits.GetOrAdd(key.Provider, _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = _resilience.MaxConcurrencyPerProvider,
                QueueLimit = _resilience.MaxQueuePerProvider,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })),
            _metrics,
            _time,
            _logger));

    public void Dispose()
    {
        foreach (ResilientChatClient client in _clients.Values)
        {
            client.Dispose();
        }

        foreach (RateLimiter limiter in _providerLimits.Values)
        {
            limiter.Dispose();
        }
    }
}
