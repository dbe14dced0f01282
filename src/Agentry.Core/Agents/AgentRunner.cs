using System.Diagnostics;
using Agentry.Core.Budgets;
using Agentry.Core.Caching;
using Agentry.Core.Costs;
using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using Agentry.Core.Sessions;
using Agentry.Core.Stores;
using Agentry.Core.Telemetry;
using Agentry.Core.Tools;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace Agentry.Core.Agents;

/// <summary>
/// The agent loop: call the model, run the tools it asks for (in parallel, each with a timeout), feed the
/// results back, and repeat until a final answer or a limit. Saves the turn to the session only when the
/// run reached an answer or a limit; a cancelled or failed run leaves the session as it was.
/// </summary>
public sealed partial class AgentRunner
{
    /// <summary>How long a caller is told to wait when storage is down (the Redis circuit's break is 5 s).</summary>
    private static readonly TimeSpan StoreRetryAfter = TimeSpan.FromSeconds(5);

    private readonly ISessionStore _sessions;
    private readonly PriceTable _prices;
    private readonly AgentryMetrics _metrics;
    private readonly ToolInvoker _toolInvoker;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentRunner> _logger;

    public AgentRunner(ISessionStore sessions, PriceTable prices, AgentryMetrics metrics, ToolInvoker toolInvoker, TimeProvider time, ILogger<AgentRunner> logger)
    {
        _sessions = sessions;
        _prices = prices;
        _metrics = metrics;
        _toolInvoker = toolInvoker;
        _time = time;
        _logger = logger;
    }

    /// <summary>Runs the agent once. Never throws for anything a run can meet: every ending is an <see cref="AgentRunResult.Outcome"/>.</summary>
    public async Task<AgentRunResult> RunAsync(ResolvedAgent agent, AgentRunRequest request, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(request);

        (AgentSession? session, RunState? refused) = await LoadSessionAsync(agent, request, cancellationToken).ConfigureAwait(false);
        if (refused is not null)
        {
            return refused.ToResult();
        }

        var run = new RunState(agent, request, session, _time);
        using Activity? activity = AgentryTelemetry.ActivitySource.StartActivity($"invoke_agent {agent.Name}", ActivityKind.Internal);
        activity?.SetTag("gen_ai.operation.name", "invoke_agent");
        activity?.SetTag("gen_ai.agent.name", agent.Name);
        activity?.SetTag("agentry.run_id", run.RunId);

        _metrics.RunStarted();
        string? errorType = await ExecuteAsync(run, sink, cancellationToken).ConfigureAwait(false);
        errorType ??= await SaveTurnAsync(run, session).ConfigureAwait(false);

        AgentRunResult result = run.ToResult();
        _metrics.RunFinished(agent.Name, result.StopReason, errorType, result.Timings.TotalMs / 1000.0);
        activity?.SetTag("agentry.stop_reason", result.StopReason);
        if (errorType is not null)
        {
            activity?.SetStatus(ActivityStatusCode.Error, errorType);
        }

        LogRunCompleted(_logger, result.RunId, agent.Name, result.Provider, result.Model, result.StopReason, result.ServedBy, result.Iterations, result.ToolCalls.Count,
            result.Usage.InputTokens, result.Usage.OutputTokens, result.Usage.CacheReadTokens, result.Usage.CacheWriteTokens,
            result.CostUsd, result.Timings.TotalMs, result.SessionId, result.Metadata);
        return result;
    }

    /// <summary>The loop under the run's deadline; every way it can end becomes the run's outcome. Returns the error type, if any.</summary>
    private async Task<string?> ExecuteAsync(RunState run, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        ResolvedAgent agent = run.Agent;
        using var deadline = new CancellationTokenSource(agent.Definition.RunDeadline, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            if (sink is not null)
            {
                await sink.OnEventAsync(new RunStartedEvent(run.RunId, agent.Name, run.SessionId, agent.Provider, agent.Model), linked.Token).ConfigureAwait(false);
            }

            await LoopAsync(run, sink, linked.Token).ConfigureAwait(false);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            run.Fail(RunOutcome.Cancelled, StopReason.Cancelled, "The caller went away.");
            return "cancelled";
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            run.StopReason = StopReason.Deadline;
            return null;
        }
        catch (BudgetExceededException ex)
        {
            run.Fail(RunOutcome.BudgetExhausted, StopReason.BudgetExhausted, ex.Message, ex.ResetsAt - _time.GetUtcNow());
            return "budget_exhausted";
        }
        catch (Moderation.ModerationBlockedException ex)
        {
            run.Fail(RunOutcome.ContentBlocked, StopReason.ContentFilter, ex.Message);
            run.BlockedBy = ex.Rule;
            return "moderation_blocked";
        }
        catch (StoreUnavailableException)
        {
            run.Fail(RunOutcome.Unavailable, StopReason.Error, "Storage needed for this run (budgets) is unavailable.", StoreRetryAfter);
            return "store_unavailable";
        }
        catch (ModelsUnavailableException ex)
        {
            run.Fail(RunOutcome.Unavailable, StopReason.Error, "No model of this agent can answer now.", ex.RetryAfter);
            LogModelsUnavailable(_logger, run.RunId, agent.Name, ex.RetryAfter.TotalSeconds);
            return "unavailable";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            run.Fail(RunOutcome.ModelFailed, StopReason.Error, "The model call failed.");
            LogModelCallFailed(_logger, ex, run.RunId, agent.Name, agent.Model);
            return ex.GetType().Name;
        }
    }

    /// <summary>The run's session, or the refused run when the session cannot be used.</summary>
    private async Task<(AgentSession? Session, RunState? Refused)> LoadSessionAsync(ResolvedAgent agent, AgentRunRequest request, CancellationToken cancellationToken)
    {
        if (request.SessionId is null)
        {
            return (null, null);
        }

        AgentSession? session;
        try
        {
            session = await _sessions.GetAsync(request.Tenant, request.SessionId, cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            return (null, Refuse(RunOutcome.Unavailable, StopReason.Error, "Conversation storage is unavailable; retry shortly.", StoreRetryAfter));
        }

        if (session is null)
        {
            return (null, Refuse(RunOutcome.SessionNotFound, StopReason.SessionNotFound, $"Session '{request.SessionId}' does not exist."));
        }

        if (!string.Equals(session.Agent, agent.Name, StringComparison.Ordinal))
        {
            return (null, Refuse(RunOutcome.SessionAgentMismatch, StopReason.SessionAgentMismatch, $"Session '{session.Id}' belongs to agent '{session.Agent}'."));
        }

        return (session, null);

        RunState Refuse(RunOutcome outcome, string stopReason, string error, TimeSpan? retryAfter = null)
        {
            var refused = new RunState(agent, request, session: null, _time);
            refused.Fail(outcome, stopReason, error, retryAfter);
            return refused;
        }
    }

    private async Task LoopAsync(RunState run, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        ResolvedAgent agent = run.Agent;
        AgentDefinition limits = agent.Definition;
        while (true)
        {
            if (run.Iterations >= limits.MaxIterations)
            {
                run.StopReason = StopReason.MaxIterations;
                return;
            }

            if (limits.MaxTotalTokens > 0 && run.Usage.TotalTokens >= limits.MaxTotalTokens)
            {
                run.StopReason = StopReason.MaxTotalTokens;
                return;
            }

            if (run.MaxCostUsd > 0 && run.CostUsd >= run.MaxCostUsd)
            {
                run.StopReason = StopReason.MaxCost;
                return;
            }

            run.Iterations++;
            (ChatResponse response, ModelCall call) = await CallModelAsync(run, sink, cancellationToken).ConfigureAwait(false);
            run.Observe(call);
            await AccountAsync(run, response, sink, cancellationToken).ConfigureAwait(false);
            run.Append(response.Messages);

            List<FunctionCallContent> calls = FunctionCalls(response);
            if (calls.Count == 0)
            {
                run.Output = response.Text;
                run.StopReason = response.FinishReason == ChatFinishReason.Length ? StopReason.MaxTokens
                    : response.FinishReason == ChatFinishReason.ContentFilter ? StopReason.ContentFilter
                    : StopReason.EndTurn;
                return;
            }

            run.Output = response.Text;
            await RunToolsAsync(run, calls, sink, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<(ChatResponse Response, ModelCall Call)> CallModelAsync(RunState run, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        (ChatOptions options, ModelCall call) = run.Agent.CreateCall(run.Request);
        long started = _time.GetTimestamp();
        try
        {
            if (sink is null)
            {
                return (await run.Agent.Client.GetResponseAsync(run.History, options, cancellationToken).ConfigureAwait(false), call);
            }

            var updates = new List<ChatResponseUpdate>();
            await foreach (ChatResponseUpdate update in run.Agent.Client.GetStreamingResponseAsync(run.History, options, cancellationToken).ConfigureAwait(false))
            {
                updates.Add(update);
                string text = update.Text;
                if (text.Length > 0)
                {
                    run.MarkFirstToken(_time.GetElapsedTime(run.Started));
                    await sink.OnEventAsync(new TextDeltaEvent(text), cancellationToken).ConfigureAwait(false);
                }
            }

            return (updates.ToChatResponse(), call);
        }
        catch (Exception)
        {
            // No answer, but the provider may have worked on it: a stream the client abandoned still counts.
            AccountUnfinished(run, call.Receipt);
            throw;
        }
        finally
        {
            run.ModelTime += _time.GetElapsedTime(started);
        }
    }

    private void AccountUnfinished(RunState run, UsageReceipt receipt)
    {
        if (!receipt.Settled || receipt.Usage.TotalTokens == 0)
        {
            return;
        }

        Account(run, receipt.Model, receipt.Usage);
        if (receipt.Estimated)
        {
            LogUsageEstimated(_logger, run.RunId, run.Agent.Name, receipt.Model, receipt.Usage.InputTokens, receipt.Usage.OutputTokens);
        }
    }

    private async Task AccountAsync(RunState run, ChatResponse response, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        RunUsage usage = UsageMapping.From(response.Usage);
        RunCost cost = Account(run, response.ModelId ?? run.Agent.Model, usage);
        if (sink is not null)
        {
            await sink.OnEventAsync(new UsageEvent(run.Iterations, usage, cost.Total), cancellationToken).ConfigureAwait(false);
        }
    }

    private RunCost Account(RunState run, string model, RunUsage usage)
    {
        (_, bool known) = _prices.Find(model);
        RunCost cost = _prices.Price(model, usage);
        run.Usage += usage;
        run.CostUsd += cost.Total;
        run.Model = model;
        _metrics.ModelCallPriced(run.Provider, model, run.Agent.Name, usage, cost, known);
        if (!known)
        {
            LogUnknownModelPrice(_logger, model, run.RunId);
        }

        return cost;
    }

    private async Task RunToolsAsync(RunState run, List<FunctionCallContent> calls, IAgentRunSink? sink, CancellationToken cancellationToken)
    {
        if (sink is not null)
        {
            foreach (FunctionCallContent call in calls)
            {
                await sink.OnEventAsync(new ToolCallEvent(call.CallId, call.Name, ToolArguments.ToJson(call.Arguments)), cancellationToken).ConfigureAwait(false);
            }
        }

        long started = _time.GetTimestamp();
        ToolCallRecord[] records;
        try
        {
            var pending = new Task<ToolCallRecord>[calls.Count];
            for (int i = 0; i < calls.Count; i++)
            {
                pending[i] = _toolInvoker.InvokeAsync(run.Agent, calls[i], cancellationToken);
            }

            records = await Task.WhenAll(pending).ConfigureAwait(false);
        }
        finally
        {
            run.ToolTime += _time.GetElapsedTime(started);
        }

        var results = new List<AIContent>(records.Length);
        foreach (ToolCallRecord record in records)
        {
            run.ToolCalls.Add(record);
            results.Add(new FunctionResultContent(record.CallId, record.Result));
            if (sink is not null)
            {
                await sink.OnEventAsync(new ToolResultEvent(record), cancellationToken).ConfigureAwait(false);
            }
        }

        run.Append([new ChatMessage(ChatRole.Tool, results)]);
    }

    /// <summary>Saves the turn of a run that reached an answer or a limit; a run that lost the session race says so. Returns the error type, if any.</summary>
    private async Task<string?> SaveTurnAsync(RunState run, AgentSession? session)
    {
        if (session is null || run.Outcome != RunOutcome.Completed)
        {
            return null;
        }

        IReadOnlyList<ChatMessage> turn = run.CompleteTurn();
        bool saved;
        try
        {
            // The caller may be gone already; the turn is saved regardless, within the store's own timeouts.
            saved = await _sessions.AppendAsync(run.Request.Tenant, session.Id, session.Version, turn, CancellationToken.None).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            run.Fail(RunOutcome.Unavailable, StopReason.Error, "Conversation storage is unavailable; the turn was not saved.", StoreRetryAfter);
            return "store_unavailable";
        }

        if (!saved)
        {
            run.Fail(RunOutcome.SessionConflict, StopReason.SessionConflict, $"Session '{session.Id}' changed while this run was in progress; the turn was not saved.");
            return "session_conflict";
        }

        return null;
    }

    private static List<FunctionCallContent> FunctionCalls(ChatResponse response)
    {
        var calls = new List<FunctionCallContent>();
        foreach (ChatMessage message in response.Messages)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent call)
                {
                    calls.Add(call);
                }
            }
        }

        return calls;
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Run completed")]
    private static partial void LogRunCompleted(ILogger logger, string runId, string agent, string provider, string model, string stopReason, string servedBy,
        int iterations, int toolCalls, long inputTokens, long outputTokens, long cacheReadTokens, long cacheWriteTokens, decimal costUsd,
        double durationMs, string? sessionId, IReadOnlyDictionary<string, string>? metadata);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Model call failed")]
    private static partial void LogModelCallFailed(ILogger logger, Exception exception, string runId, string agent, string model);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "No model of the agent can answer; the run is refused with 503")]
    private static partial void LogModelsUnavailable(ILogger logger, string runId, string agent, double retryAfterSeconds);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Information, Message = "Model call ended before its usage report; its usage is estimated")]
    private static partial void LogUsageEstimated(ILogger logger, string runId, string agent, string model, long inputTokens, long outputTokens);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Warning, Message = "Model has no price in the price table; priced with the fallback price")]
    private static partial void LogUnknownModelPrice(ILogger logger, string model, string runId);
}
