using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tests.Resilience;

/// <summary>A provider whose every call runs the next scripted step; counts calls.</summary>
internal sealed class StepChatClient : IChatClient
{
    private readonly Queue<Func<CancellationToken, Task>> _steps = new();
    private int _calls;

    public int Calls => _calls;

    /// <summary>Yielded before a streamed step's failure, when set.</summary>
    public bool FailAfterFirstUpdate { get; set; }

    public StepChatClient Fail(Exception exception) => Then(_ => Task.FromException(exception));

    public StepChatClient Succeed() => Then(_ => Task.CompletedTask);

    public StepChatClient Then(Func<CancellationToken, Task> step)
    {
        _steps.Enqueue(step);
        return this;
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        await Next()(cancellationToken);
        return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")) { ModelId = options?.ModelId };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _calls);
        Func<CancellationToken, Task> step = Next();
        if (FailAfterFirstUpdate)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first ");
            await step(cancellationToken);
        }
        else
        {
            await step(cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "first ");
        }

        yield return new ChatResponseUpdate(ChatRole.Assistant, "second");
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private Func<CancellationToken, Task> Next() => _steps.Count > 0 ? _steps.Dequeue() : _ => Task.CompletedTask;
}
