using Agentry.Core.Agents;
using Agentry.Core.Sessions;
using Agentry.Core.Tests.Support;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tests.Agents;

public sealed class AgentRunnerTests
{
    private static Dictionary<string, object?> Expression(string expression) => new() { ["expression"] = expression };

    [Fact]
    public async Task Run_WhenModelAnswersDirectly_EndsTurnWithUsageAndCost()
    {
        using var h = new RunnerHarness();
        h.Model.ThenAnswer("Hello.", inputTokens: 1000, outputTokens: 100);

        AgentRunResult result = await h.RunAsync("Hi");

        Assert.Equal(StopReason.EndTurn, result.StopReason);
        Assert.Equal("Hello.", result.Output);
        Assert.Equal(1, result.Iterations);
        Assert.Equal(new RunUsage(1000, 100, 0, 0), result.Usage);
        // Sonnet: 1000 * 3 / 1M + 100 * 15 / 1M
        Assert.Equal(0.0045m, result.CostUsd);
    }

    [Fact]
    public async Task Run_WhenModelCallsCalculator_FeedsResultBackAndAnswers()
    {
        using var h = new RunnerHarness();
        h.Model.ThenCall(("c1", "calculator", Expression("17 * 23")))
            .Then((messages, _) =>
            {
                FunctionResultContent result = messages[^1].Contents.OfType<FunctionResultContent>().Single();
                return Task.FromResult(ScriptedChatClient.Response(new ChatMessage(ChatRole.Assistant, $"It is {result.Result}."), 20, 5, ChatFinishReason.Stop));
            });

        AgentRunResult run = await h.RunAsync("What is 17 * 23?");

        Assert.Equal("It is 391.", run.Output);
        ToolCallRecord call = Assert.Single(run.ToolCalls);
        Assert.Equal(("calculator", "391", false), (call.Name, call.Result, call.IsError));
        Assert.Equal(2, run.Iterations);
        Assert.Equal(new RunUsage(30, 10, 0, 0), run.Usage);
    }

    [Fact]
    public async Task Run_WhenModelCallsTwoTools_RunsThemConcurrently()
    {
        var bothStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int started = 0;
        async Task<string> Body(System.Text.Json.JsonElement _, CancellationToken ct)
        {
            if (Interlocked.Increment(ref started) == 2)
            {
                bothStarted.SetResult();
            }

            // Sequential execution would never see the second start and would wait here forever.
            await bothStarted.Task.WaitAsync(ct);
            return "done";
        }

        using var h = new RunnerHarness(null, new DelegateTool("a", Body), new DelegateTool("b", Body));
        h.Model.ThenCall(("1", "a", []), ("2", "b", [])).ThenAnswer("both done");

        AgentRunResult run = await h.RunAsync("go").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StopReason.EndTurn, run.StopReason);
        Assert.Equal(["done", "done"], run.ToolCalls.Select(c => c.Result));
        Assert.Equal(2, h.Model.Calls[1][^1].Contents.OfType<FunctionResultContent>().Count());
    }

    [Fact]
    public async Task Run_WhenToolThrows_GivesModelAnErrorResultAndContinues()
    {
        using var h = new RunnerHarness(null, new DelegateTool("broken", (_, _) => throw new InvalidOperationException("secret internals")));
        h.Model.ThenCall(("1", "broken", [])).ThenAnswer("Sorry, the tool failed.");

        AgentRunResult run = await h.RunAsync("use it");

        ToolCallRecord call = Assert.Single(run.ToolCalls);
        Assert.True(call.IsError);
        Assert.DoesNotContain("secret internals", call.Result, StringComparison.Ordinal);
        Assert.StartsWith("error:", h.Model.Calls[1][^1].Contents.OfType<FunctionResultContent>().Single().Result?.ToString(), StringComparison.Ordinal);
        Assert.Equal(StopReason.EndTurn, run.StopReason);
    }

    [Fact]
    public async Task Run_WhenToolExceedsItsTimeout_ReturnsTimeoutErrorToModel()
    {
        var toolStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new AgentDefinition { Name = "test", ToolTimeout = TimeSpan.FromSeconds(5), RunDeadline = TimeSpan.FromMinutes(5) };
        using var h = new RunnerHarness(definition, new DelegateTool("slow", async (_, ct) =>
        {
            toolStarted.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return "never";
        }));
        h.Model.ThenCall(("1", "slow", [])).ThenAnswer("The tool was too slow.");

        Task<AgentRunResult> running = h.RunAsync("go");
        await toolStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        h.Time.Advance(TimeSpan.FromSeconds(6));
        AgentRunResult run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        ToolCallRecord call = Assert.Single(run.ToolCalls);
        Assert.True(call.IsError);
        Assert.Contains("did not finish within 5 s", call.Result, StringComparison.Ordinal);
        Assert.Equal(StopReason.EndTurn, run.StopReason);
    }

    [Fact]
    public async Task Run_WhenModelAsksForUnknownTool_ReturnsErrorResult()
    {
        using var h = new RunnerHarness();
        h.Model.ThenCall(("1", "rm_rf", [])).ThenAnswer("ok");

        AgentRunResult run = await h.RunAsync("go");

        Assert.Contains("no tool named", Assert.Single(run.ToolCalls).Result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenToolArgumentsBreakTheSchema_DoesNotRunTheTool()
    {
        bool ran = false;
        using var h = new RunnerHarness(null, new DelegateTool("strict", (_, _) => { ran = true; return Task.FromResult("ran"); }));
        h.Model.ThenCall(("1", "strict", new Dictionary<string, object?> { ["value"] = 42 }), ("2", "calculator", new Dictionary<string, object?> { ["expr"] = "1+1" }))
            .ThenAnswer("ok");

        AgentRunResult run = await h.RunAsync("go");

        Assert.False(ran);
        Assert.All(run.ToolCalls, c => Assert.Contains("invalid arguments", c.Result, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Run_WhenModelKeepsCallingTools_StopsAtMaxIterations()
    {
        using var h = new RunnerHarness(new AgentDefinition { Name = "test", MaxIterations = 3 });
        h.Model.Repeat = (_, _) => Task.FromResult(ScriptedChatClient.CallResponse(("x" + Guid.NewGuid().ToString("N"), "calculator", Expression("1+1"))));

        AgentRunResult run = await h.RunAsync("loop");

        Assert.Equal(StopReason.MaxIterations, run.StopReason);
        Assert.Equal(3, run.Iterations);
        Assert.Equal(3, h.Model.Calls.Count);
    }

    [Fact]
    public async Task Run_WhenTokenBudgetOfRunIsUsed_StopsAtMaxTotalTokens()
    {
        using var h = new RunnerHarness(new AgentDefinition { Name = "test", MaxTotalTokens = 100 });
        h.Model.Repeat = (_, _) =>
        {
            ChatResponse response = ScriptedChatClient.CallResponse(("x" + Guid.NewGuid().ToString("N"), "calculator", Expression("1+1")));
            response.Usage = new UsageDetails { InputTokenCount = 60, OutputTokenCount = 10 };
            return Task.FromResult(response);
        };

        AgentRunResult run = await h.RunAsync("loop");

        Assert.Equal(StopReason.MaxTotalTokens, run.StopReason);
        Assert.Equal(2, run.Iterations);
        Assert.Equal(140, run.Usage.TotalTokens);
    }

    [Fact]
    public async Task Run_WhenAnswerIsCutByOutputLimit_ReportsMaxTokens()
    {
        using var h = new RunnerHarness();
        h.Model.ThenAnswer("partial", finish: ChatFinishReason.Length);

        Assert.Equal(StopReason.MaxTokens, (await h.RunAsync("write a lot")).StopReason);
    }

    [Fact]
    public async Task Run_WhenDeadlinePasses_StopsWithDeadline()
    {
        var modelCalled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var h = new RunnerHarness(new AgentDefinition { Name = "test", RunDeadline = TimeSpan.FromSeconds(30) });
        h.Model.Then(async (_, ct) =>
        {
            modelCalled.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            throw new InvalidOperationException("unreachable");
        });

        Task<AgentRunResult> running = h.RunAsync("slow");
        await modelCalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        h.Time.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal(StopReason.Deadline, (await running.WaitAsync(TimeSpan.FromSeconds(30))).StopReason);
    }

    [Fact]
    public async Task Run_WhenModelFails_ReportsErrorWithoutLeakingTheException()
    {
        using var h = new RunnerHarness();
        h.Model.Then((_, _) => throw new HttpRequestException("upstream said sk-ant-secret"));

        AgentRunResult run = await h.RunAsync("hi");

        Assert.Equal(StopReason.Error, run.StopReason);
        Assert.DoesNotContain("sk-ant", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WithSession_ContinuesTheConversation()
    {
        using var h = new RunnerHarness();
        AgentSession session = await h.Sessions.CreateAsync("t1", "test", default);
        h.Model.ThenAnswer("first answer").ThenAnswer("second answer");

        await h.RunAsync("first question", session.Id);
        AgentRunResult second = await h.RunAsync("second question", session.Id);

        Assert.Equal(session.Id, second.SessionId);
        Assert.Equal(["first question", "first answer", "second question"], h.Model.Calls[1].Select(m => m.Text));
        AgentSession stored = (await h.Sessions.GetAsync("t1", session.Id, default))!;
        Assert.Equal(4, stored.Messages.Count);
        Assert.Equal(2, stored.Version);
    }

    [Fact]
    public async Task Run_WithUnknownSession_IsRefused()
    {
        using var h = new RunnerHarness();

        AgentRunResult result = await h.RunAsync("hi", "ses_missing");

        Assert.Equal(RunOutcome.SessionNotFound, result.Outcome);
        Assert.Equal(StopReason.SessionNotFound, result.StopReason);
        Assert.Empty(h.Model.Calls);
    }

    [Fact]
    public async Task Run_WhenCancelledDuringTool_LeavesSessionUntouched()
    {
        var toolStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var h = new RunnerHarness(null, new DelegateTool("slow", async (_, ct) =>
        {
            toolStarted.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return "never";
        }));
        AgentSession session = await h.Sessions.CreateAsync("t1", "test", default);
        h.Model.ThenCall(("1", "slow", []));
        using var cancel = new CancellationTokenSource();

        Task<AgentRunResult> running = h.RunAsync("go", session.Id, cancellationToken: cancel.Token);
        await toolStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await cancel.CancelAsync();
        AgentRunResult run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StopReason.Cancelled, run.StopReason);
        AgentSession stored = (await h.Sessions.GetAsync("t1", session.Id, default))!;
        Assert.Empty(stored.Messages);
        Assert.Equal(0, stored.Version);
    }

    [Fact]
    public async Task Run_WhenDeadlineHitsDuringTool_SavesTurnWithEveryToolCallAnswered()
    {
        var toolStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var definition = new AgentDefinition { Name = "test", RunDeadline = TimeSpan.FromSeconds(20), ToolTimeout = TimeSpan.FromSeconds(20) };
        using var h = new RunnerHarness(definition, new DelegateTool("slow", async (_, ct) =>
        {
            toolStarted.SetResult();
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return "never";
        }));
        AgentSession session = await h.Sessions.CreateAsync("t1", "test", default);
        h.Model.ThenCall(("call-1", "slow", []));

        Task<AgentRunResult> running = h.RunAsync("go", session.Id);
        await toolStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        h.Time.Advance(TimeSpan.FromSeconds(21));
        AgentRunResult run = await running.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(StopReason.Deadline, run.StopReason);
        AgentSession stored = (await h.Sessions.GetAsync("t1", session.Id, default))!;
        var callIds = stored.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId).ToList();
        var resultIds = stored.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(c => c.CallId).ToList();
        Assert.Equal(["call-1"], callIds);
        Assert.Equal(callIds, resultIds);
    }

    [Fact]
    public async Task Run_WhenStreamed_EmitsEventsInOrder()
    {
        using var h = new RunnerHarness();
        h.Model.ThenCall(("c1", "calculator", Expression("2+2"))).ThenAnswer("4");
        var sink = new RecordingSink();

        AgentRunResult run = await h.RunAsync("2+2?", sink: sink);

        Assert.Equal(
            ["RunStartedEvent", "UsageEvent", "ToolCallEvent", "ToolResultEvent", "TextDeltaEvent", "UsageEvent"],
            sink.Events.Select(e => e.GetType().Name));
        Assert.Equal("4", run.Output);
        Assert.NotNull(run.Timings.FirstTokenMs);
    }

    private sealed class RecordingSink : IAgentRunSink
    {
        public List<AgentRunEvent> Events { get; } = [];

        public ValueTask OnEventAsync(AgentRunEvent runEvent, CancellationToken cancellationToken)
        {
            Events.Add(runEvent);
            return ValueTask.CompletedTask;
        }
    }
}
