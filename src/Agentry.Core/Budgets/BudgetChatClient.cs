using System.Runtime.CompilerServices;
using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Core.Pipeline;
using Agentry.Core.Security;
using Agentry.Core.Stores;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agentry.Core.Budgets;

/// <summary>
/// Reserves a model call's worst-case cost against the tenant's budgets before the call, and settles it to
/// the real cost (recording the usage) after. Worst case: the input at about three characters a token plus
/// the full output limit, at the dearest price among the agent's models. A call that ends before the provider's
/// usage report (the client went away, the deadline passed, the stream was cut) is settled at what it is known
/// or estimated to have used (<see cref="UsageMeter"/>), and the figure is left on the call's
/// <see cref="UsageReceipt"/> for the runner.
/// </summary>
public sealed partial class BudgetChatClient : DelegatingChatClient
{
    private readonly Audit.IAuditSink? _audit;
    private readonly BudgetLimitResolver? _limits;
    private readonly IBudgetStore _store;
    private readonly BudgetOptions _options;
    private readonly PriceTable _prices;
    private readonly ModelPrice _worstPrice;
    private readonly string _agent;
    private readonly AgentryMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public BudgetChatClient(IChatClient inner, IBudgetStore store, BudgetOptions options, PriceTable prices, ModelPrice worstPrice, string agent, AgentryMetrics metrics, TimeProvider time, ILogger logger, Audit.IAuditSink? audit = null, BudgetLimitResolver? limits = null)
        : base(inner)
    {
        _limits = limits;
        _audit = audit;
        _store = store;
        _options = options;
        _prices = prices;
        _worstPrice = worstPrice;
        _agent = agent;
        _metrics = metrics;
        _time = time;
        _logger = logger;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        (string tenant, BudgetLimits limits, string? reservation, long reserved) = await ReserveAsync(list, options, cancellationToken).ConfigureAwait(false);
        ChatResponse? response = null;
        try
        {
            response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            return response;
        }
        finally
        {
            string model = response?.ModelId ?? options?.ModelId ?? "unknown";
            RunUsage? used = response is not null ? UsageMapping.From(response.Usage)
                : new UsageMeter().Unfinished(RequestCharacters(list, options), cancellationToken.IsCancellationRequested);
            await SettleAsync(tenant, limits, reservation, reserved, model, used, estimated: response is null && used is not null, options).ConfigureAwait(false);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IReadOnlyList<ChatMessage> list = messages as IReadOnlyList<ChatMessage> ?? messages.ToList();
        (string tenant, BudgetLimits limits, string? reservation, long reserved) = await ReserveAsync(list, options, cancellationToken).ConfigureAwait(false);
        var meter = new UsageMeter();
        bool completed = false;
        try
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(list, options, cancellationToken).ConfigureAwait(false))
            {
                meter.Observe(update);
                yield return update;
            }

            completed = true;
        }
        finally
        {
            string model = meter.ModelId ?? options?.ModelId ?? "unknown";
            RunUsage? used = completed ? UsageMapping.From(meter.Reported)
                : meter.Unfinished(RequestCharacters(list, options), cancellationToken.IsCancellationRequested, ModelCall.Of(options)?.UsageSoFar);
            await SettleAsync(tenant, limits, reservation, reserved, model, used, estimated: !completed && meter.Reported is null && used is not null, options).ConfigureAwait(false);
        }
    }

    private async Task<(string Tenant, BudgetLimits Limits, string? Reservation, long Reserved)> ReserveAsync(IReadOnlyList<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        string tenant = ModelCall.Of(options)?.Tenant ?? Tenancy.Default;
        BudgetLimits limits = _limits is null ? _options.For(tenant) : (await _limits.ForAsync(tenant, cancellationToken).ConfigureAwait(false)).Limits;
        if (!limits.Any)
        {
            return (tenant, limits, null, 0);
        }

        long worst = Micros.From(WorstCase(messages, options));
        BudgetDecision decision = await _store.ReserveAsync(tenant, worst, limits, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        if (!decision.Granted)
        {
            _metrics.BudgetRejected(decision.ExhaustedPeriod!);
            throw new BudgetExceededException(decision.ExhaustedPeriod!, decision.ResetsAt!.Value);
        }

        return (tenant, limits, decision.ReservationId, worst);
    }

    private async Task SettleAsync(string tenant, BudgetLimits limits, string? reservation, long reserved, string model, RunUsage? used, bool estimated, ChatOptions? options)
    {
        RunUsage usage = used ?? default;
        decimal cost = _prices.Price(model, usage).Total;
        ModelCall.Of(options)?.Receipt.Settle(model, usage, estimated);
        var record = new UsageRecord(_agent, model, usage.InputTokens, usage.OutputTokens, usage.CacheReadTokens, usage.CacheWriteTokens, cost);

        // Settled even when the caller is gone: the provider billed the call either way.
        SettleOutcome outcome;
        try
        {
            outcome = await _store.SettleAsync(tenant, reservation, reserved, record, limits, _options.Thresholds.ToArray(), _time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            // The answer is already there; losing its usage record beats failing it. A reservation left behind
            // keeps counting against the budget until its period ends, so the budget errs on the safe side.
            _metrics.UsageRecordFailed();
            LogSettleFailed(_logger, tenant, _agent, model, cost);
            return;
        }

        _metrics.BudgetSpend(tenant, limits, outcome, _options.Tenants.ContainsKey(tenant) ? tenant : Tenancy.Default);
        foreach (CrossedThreshold crossed in outcome.Crossed)
        {
            LogThresholdCrossed(_logger, tenant, crossed.Period, crossed.Share * 100, crossed.LimitUsd, crossed.SpentUsd);
            _audit?.Record(new Audit.AuditEvent
            {
                Type = Audit.AuditEventTypes.BudgetThreshold,
                Tenant = tenant,
                Agent = _agent,
                Outcome = "crossed",
                CostUsd = crossed.SpentUsd,
                Detail = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{crossed.Period}:{crossed.Share * 100:0.#}%:limit={crossed.LimitUsd}"),
            });
        }
    }

    private decimal WorstCase(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        decimal inputTokens = UsageMeter.InputTokens(RequestCharacters(messages, options));
        decimal outputTokens = options?.MaxOutputTokens ?? 4096;

        // With prompt caching the prefix may be written to the cache, which costs more than plain input.
        decimal inputPrice = ModelCall.Of(options)?.PromptCaching == true ? Math.Max(_worstPrice.InputPerMillion, _worstPrice.CacheWritePerMillion) : _worstPrice.InputPerMillion;
        return (inputTokens * inputPrice + outputTokens * _worstPrice.OutputPerMillion) / 1_000_000m;
    }

    private static long RequestCharacters(IReadOnlyList<ChatMessage> messages, ChatOptions? options)
    {
        long chars = 0;
        foreach (ChatMessage message in messages)
        {
            foreach (AIContent content in message.Contents)
            {
                chars += content switch
                {
                    TextContent text => text.Text.Length,
                    FunctionCallContent call => 32 + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
                    FunctionResultContent result => 32 + (result.Result?.ToString()?.Length ?? 0),
                    _ => 0,
                };
            }
        }

        foreach (AITool tool in options?.Tools ?? [])
        {
            chars += tool.Name.Length + tool.Description.Length + (tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText().Length : 0);
        }

        return chars;
    }

    [LoggerMessage(EventId = 1301, Level = LogLevel.Error, Message = "Usage of a model call could not be recorded: the budget store is unavailable")]
    private static partial void LogSettleFailed(ILogger logger, string tenant, string agent, string model, decimal costUsd);

    [LoggerMessage(EventId = 1300, Level = LogLevel.Warning, Message = "Budget threshold crossed")]
    private static partial void LogThresholdCrossed(ILogger logger, string tenant, string period, double percent, decimal limitUsd, decimal spentUsd);
}
