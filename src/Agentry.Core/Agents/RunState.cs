using Agentry.Core.Sessions;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>The mutable state of one run while the loop works on it.</summary>
internal sealed class RunState
{
    private readonly List<ChatMessage> _turn;
    private readonly TimeProvider _time;

    public RunState(ResolvedAgent agent, AgentRunRequest request, AgentSession? session, TimeProvider time)
    {
        Agent = agent;
        Request = request;
        _time = time;
        Started = time.GetTimestamp();
        RunId = SessionIds.NewRun();
        SessionId = session?.Id ?? request.SessionId;
        Model = agent.Model;
        Provider = agent.Provider;
        decimal agentLimit = agent.Definition.MaxCostUsd;
        MaxCostUsd = request.MaxCostUsd is { } requested && (agentLimit == 0 || requested < agentLimit) ? requested : agentLimit;

        int stored = session?.Messages.Count ?? 0;
        History = new List<ChatMessage>(stored + 4);
        if (agent.SystemMessage is not null)
        {
            History.Add(agent.SystemMessage);
        }

        if (session is not null)
        {
            History.AddRange(session.Messages);
        }

        var input = new ChatMessage(ChatRole.User, request.Input);
        History.Add(input);
        _turn = [input];
    }

    public ResolvedAgent Agent { get; }

    public AgentRunRequest Request { get; }

    public string RunId { get; }

    public string? SessionId { get; }

    public long Started { get; }

    /// <summary>What the model sees: system prompt, stored history, then this turn so far.</summary>
    public List<ChatMessage> History { get; }

    public List<ToolCallRecord> ToolCalls { get; } = [];

    public int Iterations { get; set; }

    /// <summary>Model calls answered by the response cache.</summary>
    public int CachedCalls { get; set; }

    public RunUsage Usage { get; set; }

    public decimal CostUsd { get; set; }

    public string Model { get; set; }

    /// <summary>Provider of the route that gave the last answer (a fallback may be another provider).</summary>
    public string Provider { get; set; }

    /// <summary>Model calls answered by a fallback model.</summary>
    public int FallbackCalls { get; set; }

    /// <summary>When the run was refused because no model could answer: when to retry.</summary>
    public TimeSpan? RetryAfter { get; set; }

    public string Output { get; set; } = "";

    /// <summary>The lower of the agent's and the request's cost limit; 0 is none.</summary>
    public decimal MaxCostUsd { get; }

    public string StopReason { get; set; } = Agents.StopReason.EndTurn;

    public RunOutcome Outcome { get; set; }

    public string? Error { get; set; }

    /// <summary>The moderation rule that blocked the run, if one did.</summary>
    public string? BlockedBy { get; set; }

    public TimeSpan ModelTime { get; set; }

    public TimeSpan ToolTime { get; set; }

    public TimeSpan? FirstToken { get; private set; }

    /// <summary>Ends the run on a failure the caller is told about.</summary>
    public void Fail(RunOutcome outcome, string stopReason, string error, TimeSpan? retryAfter = null)
    {
        Outcome = outcome;
        StopReason = stopReason;
        Error = error;
        RetryAfter = retryAfter;
    }

    public void MarkFirstToken(TimeSpan elapsed) => FirstToken ??= elapsed;

    /// <summary>Reads what the pipeline did with a model call: cache hit, the route that answered, fallback.</summary>
    public void Observe(Pipeline.ModelCall call)
    {
        if (call.Cached)
        {
            CachedCalls++;
        }

        if (call.AnsweredByFallback)
        {
            FallbackCalls++;
        }

        if (call.AnsweredBy is { } answered)
        {
            Provider = answered.Provider;
        }
    }

    public void Append(IEnumerable<ChatMessage> messages)
    {
        foreach (ChatMessage message in messages)
        {
            History.Add(message);
            _turn.Add(message);
        }
    }

    /// <summary>
    /// This turn's messages, made safe to store: a tool call without a result (a run stopped by a limit while
    /// tools were pending) gets an error result, so no provider ever sees a dangling tool_use.
    /// </summary>
    public IReadOnlyList<ChatMessage> CompleteTurn()
    {
        var answered = new HashSet<string>(StringComparer.Ordinal);
        var pending = new List<string>();
        foreach (ChatMessage message in _turn)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionResultContent result)
                {
                    answered.Add(result.CallId);
                }
            }
        }

        foreach (ChatMessage message in _turn)
        {
            foreach (AIContent content in message.Contents)
            {
                if (content is FunctionCallContent call && !answered.Contains(call.CallId))
                {
                    pending.Add(call.CallId);
                }
            }
        }

        if (pending.Count == 0)
        {
            return _turn;
        }

        var results = pending.Select(id => (AIContent)new FunctionResultContent(id, "error: the run stopped before this tool call finished")).ToList();
        return [.. _turn, new ChatMessage(ChatRole.Tool, results)];
    }

    public AgentRunResult ToResult() => new()
    {
        RunId = RunId,
        Agent = Agent.Name,
        SessionId = SessionId,
        Metadata = Request.Metadata,
        Output = Output,
        StopReason = StopReason,
        Outcome = Outcome,
        Provider = Provider,
        Model = Model,
        ToolCalls = ToolCalls,
        Usage = Usage,
        CostUsd = decimal.Round(CostUsd, 8),
        Iterations = Iterations,
        Cached = Iterations > 0 && CachedCalls == Iterations,
        ServedBy = Iterations > 0 && CachedCalls == Iterations ? "cache" : FallbackCalls > 0 ? "fallback" : "model",
        RetryAfter = RetryAfter,
        Timings = new RunTimings(
            _time.GetElapsedTime(Started).TotalMilliseconds,
            ModelTime.TotalMilliseconds,
            ToolTime.TotalMilliseconds,
            FirstToken?.TotalMilliseconds),
        Error = Error,
        BlockedBy = BlockedBy,
    };
}
