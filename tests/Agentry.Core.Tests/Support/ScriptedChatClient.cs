using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tests.Support;

/// <summary>A chat client that answers from a script, one step per call, and records what it was sent.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>> _steps = new();

    public List<IReadOnlyList<ChatMessage>> Calls { get; } = [];

    /// <summary>When the script runs out, repeat the last step.</summary>
    public Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>>? Repeat { get; set; }

    public ScriptedChatClient Then(Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public ScriptedChatClient ThenAnswer(string text, int inputTokens = 10, int outputTokens = 5, ChatFinishReason? finish = null) =>
        Then((_, _) => Task.FromResult(Response(new ChatMessage(ChatRole.Assistant, text), inputTokens, outputTokens, finish ?? ChatFinishReason.Stop)));

    public ScriptedChatClient ThenCall(params (string Id, string Name, Dictionary<string, object?> Args)[] calls) =>
        Then((_, _) => Task.FromResult(CallResponse(calls)));

    public static ChatResponse CallResponse(params (string Id, string Name, Dictionary<string, object?> Args)[] calls)
    {
        var contents = calls.Select(c => (AIContent)new FunctionCallContent(c.Id, c.Name, c.Args)).ToList();
        return Response(new ChatMessage(ChatRole.Assistant, contents), 10, 5, ChatFinishReason.ToolCalls);
    }

    public static ChatResponse Response(ChatMessage message, int inputTokens, int outputTokens, ChatFinishReason finish) => new(message)
    {
        ModelId = "claude-sonnet-4-5",
        FinishReason = finish,
        Usage = new UsageDetails { InputTokenCount = inputTokens, OutputTokenCount = outputTokens, TotalTokenCount = inputTokens + outputTokens },
    };

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var sent = messages.ToList();
        Calls.Add(sent);
        Func<IReadOnlyList<ChatMessage>, CancellationToken, Task<ChatResponse>> step = _steps.Count > 0 ? _steps.Dequeue()
            : Repeat ?? throw new InvalidOperationException("The script has no more steps.");
        return await step(sent, cancellationToken);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ChatResponse response = await GetResponseAsync(messages, options, cancellationToken);
        foreach (ChatResponseUpdate update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }
}
