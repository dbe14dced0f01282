using Agentry.Providers.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Providers.Tests.Simulator;

public sealed class SimulatorChatClientTests
{
    private static readonly ChatOptions ToolOptions = new()
    {
        Tools = [AIFunctionFactory.Create((string expression) => "391", SimulatorEngine.CalculatorTool)],
    };

    [Fact]
    public async Task GetResponse_AndStreaming_AgreeOnText()
    {
        using var client = new SimulatorChatClient(new SimulatorOptions(), TimeProvider.System, "sim-model");
        ChatMessage[] messages = [new(ChatRole.User, "Tell me about the weather on the coast this week.")];

        ChatResponse response = await client.GetResponseAsync(messages);
        List<ChatResponseUpdate> updates = await Collect(client.GetStreamingResponseAsync(messages));
        ChatResponse streamed = updates.ToChatResponse();

        Assert.True(updates.Count(u => u.Text.Length > 0) > 1);
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.Stop, response.FinishReason);
        Assert.Equal(ChatFinishReason.Stop, streamed.FinishReason);
        Assert.Equal("sim-model", response.ModelId);
        AssertUsage(response.Usage);
        AssertUsage(streamed.Usage);
        Assert.Equal(response.Usage!.InputTokenCount, streamed.Usage!.InputTokenCount);
        Assert.Equal(response.Usage.OutputTokenCount, streamed.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task GetResponse_AndStreaming_AgreeOnToolCalls()
    {
        using var client = new SimulatorChatClient(new SimulatorOptions(), TimeProvider.System, "sim-model");
        ChatMessage[] messages = [new(ChatRole.User, "What is 17 * 23?")];

        ChatResponse response = await client.GetResponseAsync(messages, ToolOptions);
        ChatResponse streamed = (await Collect(client.GetStreamingResponseAsync(messages, ToolOptions))).ToChatResponse();

        FunctionCallContent call = Assert.Single(response.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        FunctionCallContent streamedCall = Assert.Single(streamed.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>());
        Assert.Equal(SimulatorEngine.CalculatorTool, call.Name);
        Assert.Equal("17 * 23", call.Arguments?["expression"]?.ToString());
        Assert.Equal(call.CallId, streamedCall.CallId);
        Assert.Equal(call.Name, streamedCall.Name);
        Assert.Equal(call.Arguments?["expression"]?.ToString(), streamedCall.Arguments?["expression"]?.ToString());
        Assert.Equal(response.Text, streamed.Text);
        Assert.Equal(ChatFinishReason.ToolCalls, response.FinishReason);
        Assert.Equal(ChatFinishReason.ToolCalls, streamed.FinishReason);
        AssertUsage(response.Usage);
        AssertUsage(streamed.Usage);
    }

    [Fact]
    public async Task GetResponse_WaitsForLatency_OnTheGivenClock()
    {
        var time = new FakeTimeProvider();
        using var client = new SimulatorChatClient(new SimulatorOptions { Latency = TimeSpan.FromSeconds(2) }, time, "sim-model");

        Task<ChatResponse> pending = client.GetResponseAsync([new ChatMessage(ChatRole.User, "Hello")]);
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.False(pending.IsCompleted);

        time.Advance(TimeSpan.FromSeconds(0.1));
        ChatResponse response = await pending.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotEmpty(response.Text);
    }

    [Fact]
    public async Task GetStreamingResponse_FirstUpdateWaitsForLatency()
    {
        var time = new FakeTimeProvider();
        using var client = new SimulatorChatClient(new SimulatorOptions { Latency = TimeSpan.FromMilliseconds(500) }, time, "sim-model");
        await using IAsyncEnumerator<ChatResponseUpdate> updates =
            client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "Hello")]).GetAsyncEnumerator();

        Task<bool> first = updates.MoveNextAsync().AsTask();
        Assert.False(first.IsCompleted);

        time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.True(await first.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.NotEmpty(updates.Current.Text);
    }

    private static void AssertUsage(UsageDetails? usage)
    {
        Assert.NotNull(usage);
        Assert.True(usage.InputTokenCount > 0);
        Assert.True(usage.OutputTokenCount > 0);
        Assert.Equal(usage.InputTokenCount + usage.OutputTokenCount, usage.TotalTokenCount);
    }

    private static async Task<List<ChatResponseUpdate>> Collect(IAsyncEnumerable<ChatResponseUpdate> stream)
    {
        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in stream)
        {
            updates.Add(update);
        }

        return updates;
    }
}
