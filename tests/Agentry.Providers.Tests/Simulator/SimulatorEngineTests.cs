using Agentry.Providers.Simulator;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Tests.Simulator;

public sealed class SimulatorEngineTests
{
    private static readonly string[] AllTools = [SimulatorEngine.CalculatorTool, SimulatorEngine.TimeTool];

    [Fact]
    public void Respond_SameInputTwice_ReturnsSameReply()
    {
        SimulatorRequest request = Request([new(ChatRole.User, "Tell me something about rivers. Also 6 * 7?")], AllTools);

        SimulatedReply first = SimulatorEngine.Respond(request);
        SimulatedReply second = SimulatorEngine.Respond(request);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(first.Stop, second.Stop);
        Assert.Equal(first.InputTokens, second.InputTokens);
        Assert.Equal(first.OutputTokens, second.OutputTokens);
        Assert.Equal(first.ToolCalls, second.ToolCalls);
    }

    [Fact]
    public void Respond_WhenArithmeticAndCalculatorOffered_CallsCalculator()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "What is 17 * 23?")], AllTools));

        SimulatedToolCall call = Assert.Single(reply.ToolCalls);
        Assert.Equal(SimulatorEngine.CalculatorTool, call.Name);
        Assert.Equal("""{"expression":"17 * 23"}""", call.ArgumentsJson);
        Assert.Equal(SimulatedStop.ToolUse, reply.Stop);
    }

    [Fact]
    public void Respond_WhenNoToolsOffered_AnswersInText()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "What is 17 * 23?")], []));

        Assert.Empty(reply.ToolCalls);
        Assert.Equal(SimulatedStop.EndTurn, reply.Stop);
        Assert.Contains("17 * 23", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_WhenAskedTheTime_CallsCurrentTime()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "What time is it?")], AllTools));

        SimulatedToolCall call = Assert.Single(reply.ToolCalls);
        Assert.Equal(SimulatorEngine.TimeTool, call.Name);
        Assert.Equal("{}", call.ArgumentsJson);
    }

    [Fact]
    public void Respond_WhenAskedTheTimeInAZone_PassesTheZone()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "What time is it in Asia/Tokyo?")], AllTools));

        SimulatedToolCall call = Assert.Single(reply.ToolCalls);
        Assert.Equal(SimulatorEngine.TimeTool, call.Name);
        Assert.Equal("""{"timezone":"Asia/Tokyo"}""", call.ArgumentsJson);
    }

    [Fact]
    public void Respond_WhenArithmeticAndTime_CallsBothTools()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "What is 17 * 23, and what time is it?")], AllTools));

        Assert.Equal([SimulatorEngine.CalculatorTool, SimulatorEngine.TimeTool], reply.ToolCalls.Select(c => c.Name));
        Assert.Equal(2, reply.ToolCalls.Select(c => c.Id).Distinct().Count());
        Assert.Equal(SimulatedStop.ToolUse, reply.Stop);
    }

    [Fact]
    public void Respond_WhenGivenToolResult_ReportsIt()
    {
        ChatMessage[] conversation =
        [
            new(ChatRole.User, "What is 17 * 23?"),
            new(ChatRole.Assistant, [new FunctionCallContent("call_1", SimulatorEngine.CalculatorTool, new Dictionary<string, object?> { ["expression"] = "17 * 23" })]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "391")]),
        ];

        SimulatedReply reply = SimulatorEngine.Respond(Request(conversation, AllTools));

        Assert.Empty(reply.ToolCalls);
        Assert.Equal(SimulatedStop.EndTurn, reply.Stop);
        Assert.Contains("391", reply.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Respond_WhenHistoryRepeatsACallId_StillReportsTheResult()
    {
        // A trimmed history can repeat the engine's position-derived ids; the answer must not throw.
        var call = new FunctionCallContent("call_1", SimulatorEngine.CalculatorTool, new Dictionary<string, object?> { ["expression"] = "17 * 23" });
        ChatMessage[] conversation =
        [
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "391")]),
            new(ChatRole.Assistant, [call]),
            new(ChatRole.Tool, [new FunctionResultContent("call_1", "391")]),
        ];

        SimulatedReply reply = SimulatorEngine.Respond(Request(conversation, AllTools));

        Assert.Equal("17 * 23 = 391.", reply.Text);
    }

    [Fact]
    public void Respond_WhenAskedForANameGivenEarlier_RecallsIt()
    {
        ChatMessage[] conversation =
        [
            new(ChatRole.User, "My name is Ada."),
            new(ChatRole.Assistant, "Nice to meet you, Ada."),
            new(ChatRole.User, "What is my name?"),
        ];

        SimulatedReply reply = SimulatorEngine.Respond(Request(conversation, []));

        Assert.Equal("Your name is Ada.", reply.Text);
    }

    [Fact]
    public void Respond_WhenMaxTokensSmall_StopsAtMaxTokens()
    {
        SimulatedReply reply = SimulatorEngine.Respond(Request([new(ChatRole.User, "Tell me a long story about the sea.")], [], maxTokens: 3));

        Assert.Equal(SimulatedStop.MaxTokens, reply.Stop);
        Assert.Equal(3, reply.OutputTokens);
        Assert.True(reply.Text.Length <= 12, reply.Text);
    }

    [Fact]
    public void Respond_TokenCounts_GrowWithInput()
    {
        SimulatedReply small = SimulatorEngine.Respond(Request([new(ChatRole.User, "Hello there.")], []));
        SimulatedReply large = SimulatorEngine.Respond(Request([new(ChatRole.User, "Hello there. " + new string('x', 4000))], []));
        SimulatedReply withTools = SimulatorEngine.Respond(Request([new(ChatRole.User, "Hello there.")], AllTools, toolChars: 2000));

        Assert.True(small.InputTokens > 0);
        Assert.True(small.OutputTokens > 0);
        Assert.True(large.InputTokens >= small.InputTokens + 1000, $"{large.InputTokens} vs {small.InputTokens}");
        Assert.True(withTools.InputTokens >= small.InputTokens + 500, $"{withTools.InputTokens} vs {small.InputTokens}");
    }

    private static SimulatorRequest Request(ChatMessage[] messages, string[] tools, int maxTokens = 4096, int toolChars = 0) =>
        new("You are a test assistant.", messages, tools, toolChars, maxTokens);
}
