using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Agentry.Core.Costs;

namespace Agentry.Core.Telemetry;

/// <summary>Agentry's instruments; names follow OBSERVABILITY.md as Prometheus renders them.</summary>
public sealed class AgentryMetrics
{
    private static readonly double[] RunBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600];
    private static readonly double[] ToolBuckets = [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly double[] OverheadBuckets = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly Histogram<double> _runDuration;
    private readonly Histogram<double> _toolDuration;
    private readonly Counter<long> _runs;
    private readonly Counter<double> _cost;
    private readonly Counter<long> _tokens;
    private readonly Counter<double> _cacheSaved;
    private readonly Counter<long> _cacheTokens;
    private readonly Counter<long> _unpricedCalls;
    private readonly UpDownCounter<long> _inFlight;
    private readonly Histogram<double> _overhead;
    private readonly Counter<long> _cacheLookups;
    private readonly Counter<long> _cacheWriteFailures;
    private readonly Counter<long> _redisCalls;
    private readonly Counter<long> _retries;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _bulkheadRejections;
    private readonly Counter<long> _budgetRejections;
    private readonly Counter<long> _usageRecordFailures;
    private readonly Counter<long> _rateLimitRejections;
    private readonly Counter<long> _moderationActions;
    private readonly ConcurrentDictionary<(string Scope, string Period), (double Limit, double Remaining)> _budgets = new();
    private readonly ConcurrentDictionary<string, int> _circuits = new(StringComparer.Ordinal);

    public AgentryMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter meter = meterFactory.Create(AgentryTelemetry.MeterName);
        _runDuration = meter.CreateHistogram("gen_ai.invoke_agent.duration", "s", "Duration of one agent run.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunBuckets });
        _toolDuration = meter.CreateHistogram("gen_ai.execute_tool.duration", "s", "Duration of one tool call.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = ToolBuckets });
        _runs = meter.CreateCounter<long>("agent.runs", "{run}", "Agent runs by how they ended.");
        _cost = meter.CreateCounter<double>("agent.llm.cost_usd", "{USD}", "Money spent on model calls.");
        _tokens = meter.CreateCounter<long>("agent.llm.tokens", "{token}", "Tokens of model calls by kind, estimated ones (calls that ended before the usage report) included.");
        _cacheSaved = meter.CreateCounter<double>("agent.cache.saved_usd", "{USD}", "What the model calls answered by the response cache would have cost.");
        _cacheTokens = meter.CreateCounter<long>("agent.llm.cache_tokens", "{token}", "Provider prompt-cache tokens read and written.");
        _unpricedCalls = meter.CreateCounter<long>("agent.pricing.unknown_model", "{call}", "Model calls priced by the fallback price because the model is not in the price table.");
        _inFlight = meter.CreateUpDownCounter<long>("agent.runs.in_flight", "{run}", "Agent runs in progress.");
        _overhead = meter.CreateHistogram("agent.request.overhead", "s", "Time a request spent in the service outside model and tool calls.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OverheadBuckets });
        _cacheLookups = meter.CreateCounter<long>("agent.cache.lookups", "{lookup}", "Response cache lookups by result (hit, miss, error).");
        _cacheWriteFailures = meter.CreateCounter<long>("agent.cache.write_failures", "{write}", "Response cache writes that failed (the answer was served uncached).");
        _redisCalls = meter.CreateCounter<long>("agent.redis.calls", "{call}", "Redis round trips by operation and outcome (ok, error, timeout, circuit_open).");
        _retries = meter.CreateCounter<long>("agent.llm.retries", "{retry}", "Model call attempts repeated after a transient failure.");
        _fallbacks = meter.CreateCounter<long>("agent.llm.fallbacks", "{fallback}", "Model calls passed on to the next model because this one was unavailable.");
        _bulkheadRejections = meter.CreateCounter<long>("agent.llm.bulkhead_rejections", "{call}", "Model calls refused because the provider's concurrency limit and queue were full.");
        _usageRecordFailures = meter.CreateCounter<long>("agent.usage.record_failures", "{call}", "Model calls whose usage could not be recorded because the store was unavailable.");
        _rateLimitRejections = meter.CreateCounter<long>("agent.rate_limit.rejections", "{request}", "Requests refused by a key's rate limit (rpm or tpm).");
        _moderationActions = meter.CreateCounter<long>("agent.moderation.actions", "{action}", "Moderation rules that matched, by stage, action and rule.");
        _budgetRejections = meter.CreateCounter<long>("agent.budget.rejections", "{run}", "Model calls refused because a budget could not cover their worst case.");
        meter.CreateObservableGauge("agent.budget.limit_usd", () => ObserveBudgets(remaining: false), "{USD}", "Budget limit per period and scope.");
        meter.CreateObservableGauge("agent.budget.remaining_usd", () => ObserveBudgets(remaining: true), "{USD}", "Budget left per period and scope.");
        meter.CreateObservableGauge("agent.circuit_breaker.state", ObserveCircuits, "{state}", "Circuit breaker state: 0 closed, 1 half-open, 2 open.");
    }

    public void CircuitState(string circuit, CircuitStateValue state) => _circuits[circuit] = (int)state;

    public void Retry(string provider, string model, string reason) =>
        _retries.Add(1, new TagList { { "provider", provider }, { "model", model }, { "reason", reason } });

    public void Fallback(string provider, string model, string reason) =>
        _fallbacks.Add(1, new TagList { { "provider", provider }, { "model", model }, { "reason", reason } });

    public void BulkheadRejected(string provider) => _bulkheadRejections.Add(1, new TagList { { "provider", provider } });

    public void RateLimitRejected(string limit) => _rateLimitRejections.Add(1, new TagList { { "limit", limit } });

    public void ModerationAction(string stage, string action, string rule) =>
        _moderationActions.Add(1, new TagList { { "stage", stage }, { "action", action }, { "rule", rule } });

    public void UsageRecordFailed() => _usageRecordFailures.Add(1);

    public void BudgetRejected(string period) => _budgetRejections.Add(1, new TagList { { "budget_period", period } });

    /// <summary>Updates the budget gauges; <paramref name="scope"/> is a configured budget name, never a free-form tenant id.</summary>
    public void BudgetSpend(string tenant, Budgets.BudgetLimits limits, Budgets.SettleOutcome outcome, string scope)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(outcome);
        if (scope == "default" && tenant != "default")
        {
            // Unconfigured tenants share the default limits but not their spend; only the default tenant's own is shown.
            return;
        }

        if (limits.DailyUsd > 0)
        {
            _budgets[(scope, "daily")] = ((double)limits.DailyUsd, (double)Math.Max(0, limits.DailyUsd - outcome.DailySpentUsd));
        }

        if (limits.MonthlyUsd > 0)
        {
            _budgets[(scope, "monthly")] = ((double)limits.MonthlyUsd, (double)Math.Max(0, limits.MonthlyUsd - outcome.MonthlySpentUsd));
        }
    }

    public void RedisCall(string operation, string outcome) =>
        _redisCalls.Add(1, new TagList { { "operation", operation }, { "outcome", outcome } });

    private IEnumerable<Measurement<double>> ObserveBudgets(bool remaining)
    {
        foreach (KeyValuePair<(string Scope, string Period), (double Limit, double Remaining)> budget in _budgets)
        {
            yield return new Measurement<double>(
                remaining ? budget.Value.Remaining : budget.Value.Limit,
                new KeyValuePair<string, object?>("scope", budget.Key.Scope),
                new KeyValuePair<string, object?>("budget_period", budget.Key.Period));
        }
    }

    private IEnumerable<Measurement<int>> ObserveCircuits()
    {
        foreach (KeyValuePair<string, int> circuit in _circuits)
        {
            yield return new Measurement<int>(circuit.Value, new KeyValuePair<string, object?>("circuit", circuit.Key));
        }
    }

    public void CacheLookup(string cache, string result) =>
        _cacheLookups.Add(1, new TagList { { "cache_name", cache }, { "cache_result", result } });

    public void CacheWriteFailed(string cache) => _cacheWriteFailures.Add(1, new TagList { { "cache_name", cache } });

    public void RunStarted() => _inFlight.Add(1);

    public void RunFinished(string agent, string stopReason, string? errorType, double seconds)
    {
        _inFlight.Add(-1);
        var tags = new TagList { { "gen_ai.agent.name", agent } };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _runDuration.Record(seconds, tags);
        _runs.Add(1, new TagList { { "agent", agent }, { "stop_reason", stopReason } });
    }

    public void ToolCalled(string tool, string? errorType, double seconds)
    {
        if (!_toolDuration.Enabled)
        {
            return;
        }

        var tags = new TagList { { "gen_ai.tool.name", tool } };
        if (errorType is not null)
        {
            tags.Add("error.type", errorType);
        }

        _toolDuration.Record(seconds, tags);
    }

    public void ModelCallPriced(string provider, string model, string agent, Agents.RunUsage usage, RunCost cost, bool priceKnown)
    {
        AddCost(provider, model, agent, "input", cost.Input);
        AddCost(provider, model, agent, "output", cost.Output);
        AddCost(provider, model, agent, "cache_read", cost.CacheRead);
        AddCost(provider, model, agent, "cache_write", cost.CacheWrite);
        AddTokens(provider, model, agent, "input", usage.InputTokens);
        AddTokens(provider, model, agent, "output", usage.OutputTokens);
        AddTokens(provider, model, agent, "cache_read", usage.CacheReadTokens);
        AddTokens(provider, model, agent, "cache_write", usage.CacheWriteTokens);
        if (usage.CacheReadTokens > 0)
        {
            _cacheTokens.Add(usage.CacheReadTokens, new TagList { { "provider", provider }, { "model", model }, { "direction", "read" } });
        }

        if (usage.CacheWriteTokens > 0)
        {
            _cacheTokens.Add(usage.CacheWriteTokens, new TagList { { "provider", provider }, { "model", model }, { "direction", "write" } });
        }

        if (!priceKnown)
        {
            _unpricedCalls.Add(1, new TagList { { "provider", provider }, { "model", model } });
        }
    }

    /// <summary>A response-cache hit: what the model call it replaced would cost at today's prices.</summary>
    public void CacheSaved(string agent, string model, decimal usd) =>
        _cacheSaved.Add((double)usd, new TagList { { "agent", agent }, { "model", model } });

    public void RequestOverhead(double seconds) => _overhead.Record(seconds);

    private void AddTokens(string provider, string model, string agent, string kind, long tokens) =>
        _tokens.Add(tokens, new TagList { { "provider", provider }, { "model", model }, { "agent", agent }, { "token_type", kind } });

    private void AddCost(string provider, string model, string agent, string component, decimal usd)
    {
        // Every component is always exported (zero included) so rate() over each series starts from a known point.
        _cost.Add((double)usd, new TagList { { "provider", provider }, { "model", model }, { "agent", agent }, { "cost_component", component } });
    }
}
