using System.Collections.Concurrent;
using System.Threading.RateLimiting;
using Agentry.Core.Agents;
using Agentry.Core.Budgets;
using Agentry.Core.Costs;
using Agentry.Core.Caching;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Pipeline;

/// <summary>
/// Builds each agent's chat pipeline, outermost first:
/// response cache → budget reservation and usage recording → OpenTelemetry (gen_ai.client.* metrics and spans)
/// → fallback chain → per-model resilience
/// (retry, provider concurrency limit, circuit breaker, attempt timeout) → provider client.
/// The cache sits outside telemetry so a hit records no model call and no tokens. A provider and model used
/// by several agents share one resilient client, so they share its circuit; a provider's concurrency limit is
/// shared by all its models.
/// </summary>
public sealed class AgentPipelineBuilder : IDisposable
{
    private readonly IAgentChatClientFactory _providers;
    private readonly IResponseCache _cache;
    private readonly IBudgetStore _budgets;
    private readonly BudgetOptions _budgetOptions;
    private readonly PriceTable _prices;
    private readonly IProviderErrorClassifier _classifier;
    private readonly ResilienceOptions _resilience;
    private readonly AgentryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Audit.IAuditSink? _audit;
    private readonly BudgetLimitResolver? _budgetLimits;
    private readonly ConcurrentDictionary<string, RateLimiter> _providerLimits = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(string Provider, string Model), ResilientChatClient> _routes = new();

    public AgentPipelineBuilder(
        IAgentChatClientFactory providers,
        IResponseCache cache,
        IBudgetStore budgets,
        IOptions<BudgetOptions> budgetOptions,
        PriceTable prices,
        IProviderErrorClassifier classifier,
        IOptions<ResilienceOptions> resilience,
        AgentryMetrics metrics,
        TimeProvider time,
        ILoggerFactory loggerFactory,
        Audit.IAuditSink? audit = null,
        BudgetLimitResolver? budgetLimits = null)
    {
        _audit = audit;
        _budgetLimits = budgetLimits;
        ArgumentNullException.ThrowIfNull(resilience);
        ArgumentNullException.ThrowIfNull(budgetOptions);
        _providers = providers;
        _cache = cache;
        _budgets = budgets;
        _budgetOptions = budgetOptions.Value;
        _prices = prices;
        _classifier = classifier;
        _resilience = resilience.Value;
        _metrics = metrics;
        _time = time;
        _loggerFactory = loggerFactory;
    }

    /// <summary>The agent's pipeline and the provider and model of its primary route.</summary>
    public (IChatClient Client, string Provider, string Model) Build(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        var routes = new List<ModelRoute>();
        foreach ((string provider, string model) in Routes(agent))
        {
            routes.Add(new ModelRoute(provider, model, Route(provider, model)));
        }

        var builder = new ChatClientBuilder(new FallbackChatClient(routes, _classifier, _metrics));
        if (!agent.Moderation.IsEmpty)
        {
            builder.Use(inner => new Moderation.ModerationChatClient(inner, agent.Moderation, agent.Name, _metrics, _audit));
        }

        if (agent.ResponseCache.Enabled)
        {
            builder.Use(inner => new ResponseCachingChatClient(inner, _cache, agent.Name, agent.ResponseCache.TimeToLive, _prices, _metrics));
        }

        ModelPrice dearest = routes.Select(r => _prices.Find(r.Model).Price).MaxBy(p => p.InputPerMillion + p.OutputPerMillion)!;
        builder.Use(inner => new BudgetChatClient(inner, _budgets, _budgetOptions, _prices, dearest, agent.Name, _metrics, _time, _loggerFactory.CreateLogger<BudgetChatClient>(), _audit, _budgetLimits));
        builder.UseOpenTelemetry(_loggerFactory, configure: telemetry => telemetry.EnableSensitiveData = false);
        return (builder.Build(), routes[0].Provider, routes[0].Model);
    }

    /// <summary>Primary first, then each fallback written <c>model</c> (same provider) or <c>provider/model</c>.</summary>
    public IEnumerable<(string Provider, string Model)> Routes(AgentDefinition agent)
    {
        ArgumentNullException.ThrowIfNull(agent);
        string primary = _providers.ResolveProvider(agent.Provider);
        yield return (primary, agent.Model);
        foreach (string fallback in agent.FallbackModels)
        {
            int slash = fallback.IndexOf('/', StringComparison.Ordinal);
            yield return slash > 0 && _providers.KnownProviders.Contains(fallback[..slash], StringComparer.OrdinalIgnoreCase)
                ? (_providers.ResolveProvider(fallback[..slash]), fallback[(slash + 1)..])
                : (primary, fallback);
        }
    }

    public void Dispose()
    {
        foreach (RateLimiter limiter in _providerLimits.Values)
        {
            limiter.Dispose();
        }
    }

    private ResilientChatClient Route(string provider, string model) =>
        _routes.GetOrAdd((provider, model), key => new ResilientChatClient(
            _providers.Create(key.Provider, key.Model),
            key.Provider,
            key.Model,
            _resilience,
            _providerLimits.GetOrAdd(key.Provider, _ => new ConcurrencyLimiter(new ConcurrencyLimiterOptions
            {
                PermitLimit = _resilience.MaxConcurrencyPerProvider,
                QueueLimit = _resilience.MaxQueuePerProvider,
                QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            })),
            _classifier,
            _metrics,
            _time,
            _loggerFactory.CreateLogger<ResilientChatClient>()));
}
