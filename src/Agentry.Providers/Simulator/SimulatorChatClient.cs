using System.Runtime.CompilerServices;
using System.Text.Json;
using Agentry.Core.Agents;
using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Simulator;

/// <summary>The simulator as an <see cref="IChatClient"/>: no network, deterministic answers, configurable pace.</summary>
public sealed class SimulatorChatClient : IChatClient
{
    public const string ProviderName = "simulator";

    private readonly SimulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly string _defaultModel;
    private readonly ChatClientMetadata _metadata;
    private readonly SimulatorPromptCache _promptCache;

    public SimulatorChatClient(SimulatorOptions options, TimeProvider time, string defaultModel)
    {
        _options = options;
        _time = time;
        _promptCache = new SimulatorPromptCache(time);
        _defaultModel = defaultModel;
        _metadata = new ChatClientMetadata(ProviderName, null, defaultModel);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        SimulatorRequest request = ToRequest(messages, options);
        SimulatedReply reply = SimulatorEngine.Respond(request);
        string model = options?.ModelId ?? _defaultModel;
        SimulatedFault fault = SimulatorFaults.Draw(_options.Faults, null, model, streaming: false, Random.Shared);
        await BeforeFirstTokenAsync(fault, cancellationToken).ConfigureAwait(false);
        var message = new ChatMessage(ChatRole.Assistant, Contents(reply));
        return new ChatResponse(message)
        {
            ModelId = model,
            FinishReason = FinishReason(reply.Stop),
            Usage = Usage(reply, UsePromptCache(request, options, model)),
            ResponseId = "msg_sim_" + Guid.CreateVersion7().ToString("N"),
            CreatedAt = _time.GetUtcNow(),
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        SimulatorRequest request = ToRequest(messages, options);
        SimulatedReply reply = SimulatorEngine.Respond(request);
        string model = options?.ModelId ?? _defaultModel;
        string responseId = "msg_sim_" + Guid.CreateVersion7().ToString("N");
        SimulatedFault fault = SimulatorFaults.Draw(_options.Faults, null, model, streaming: true, Random.Shared);
        await BeforeFirstTokenAsync(fault, cancellationToken).ConfigureAwait(false);
        UsageDetails usage = Usage(reply, UsePromptCache(request, options, model));

        TimeSpan perToken = _options.TokensPerSecond > 0 ? TimeSpan.FromSeconds(1 / _options.TokensPerSecond) : TimeSpan.Zero;
        List<string> chunks = Chunks(reply.Text).ToList();
        for (int i = 0; i < chunks.Count; i++)
        {
            if (fault == SimulatedFault.StreamCut && i >= Math.Max(1, chunks.Count / 2))
            {
                throw new IOException("The simulated stream was cut.");
            }

            string chunk = chunks[i];
            yield return new ChatResponseUpdate(ChatRole.Assistant, chunk) { ModelId = model, ResponseId = responseId, MessageId = responseId };
            await DelayAsync(perToken, cancellationToken).ConfigureAwait(false);
        }

        var final = new List<AIContent>();
        foreach (SimulatedToolCall call in reply.ToolCalls)
        {
            final.Add(ToFunctionCall(call));
        }

        final.Add(new UsageContent(usage));
        yield return new ChatResponseUpdate(ChatRole.Assistant, final)
        {
            ModelId = model,
            ResponseId = responseId,
            MessageId = responseId,
            FinishReason = FinishReason(reply.Stop),
        };
    }

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    /// <summary>Text split at word boundaries, about one token a piece, as a model streams it.</summary>
    public static IEnumerable<string> Chunks(string text)
    {
        int start = 0;
        for (int i = 1; i <= text.Length; i++)
        {
            if (i == text.Length || (text[i] == ' ' && i - start >= 3))
            {
                yield return text[start..i];
                start = i;
            }
        }
    }

    private static SimulatorRequest ToRequest(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        string? system = null;
        var conversation = new List<ChatMessage>();
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.System)
            {
                system = system is null ? message.Text : system + "\n" + message.Text;
            }
            else
            {
                conversation.Add(message);
            }
        }

        var toolNames = new List<string>();
        int toolChars = 0;
        foreach (AITool tool in options?.Tools ?? [])
        {
            toolNames.Add(tool.Name);
            toolChars += tool.Name.Length + tool.Description.Length + (tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText().Length : 0);
        }

        return new SimulatorRequest(system, conversation, toolNames, toolChars, options?.MaxOutputTokens ?? 4096);
    }

    private static List<AIContent> Contents(SimulatedReply reply)
    {
        var contents = new List<AIContent>();
        if (reply.Text.Length > 0)
        {
            contents.Add(new TextContent(reply.Text));
        }

        foreach (SimulatedToolCall call in reply.ToolCalls)
        {
            contents.Add(ToFunctionCall(call));
        }

        return contents;
    }

    private static FunctionCallContent ToFunctionCall(SimulatedToolCall call) =>
        new(call.Id, call.Name, JsonSerializer.Deserialize(call.ArgumentsJson, SimulatorJson.Default.DictionaryStringObject));

    /// <summary>As the Anthropic SDK reports it: the input count includes cache reads and writes.</summary>
    private static UsageDetails Usage(SimulatedReply reply, (int Read, int Write) cached)
    {
        int read = Math.Min(cached.Read, reply.InputTokens);
        int write = Math.Min(cached.Write, reply.InputTokens - read);
        var usage = new UsageDetails
        {
            InputTokenCount = reply.InputTokens,
            OutputTokenCount = reply.OutputTokens,
            TotalTokenCount = reply.InputTokens + reply.OutputTokens,
        };
        if (read > 0)
        {
            usage.CachedInputTokenCount = read;
        }

        if (write > 0)
        {
            usage.AdditionalCounts = new() { [UsageMapping.CacheWriteKey] = write };
        }

        return usage;
    }

    /// <summary>With <see cref="ModelCall.PromptCaching"/> asked for: breakpoints after the last tool and after the system prompt, as the Anthropic adapter places them.</summary>
    private (int Read, int Write) UsePromptCache(SimulatorRequest request, ChatOptions? options, string model)
    {
        // Below the minimum nothing is cached: skip the hashing.
        if (ModelCall.Of(options)?.PromptCaching != true || (request.ToolDefinitionChars + (request.System?.Length ?? 0) + 3) / 4 < _options.PromptCacheMinimumTokens)
        {
            return (0, 0);
        }

        using var prefix = new PromptCachePrefix();
        IList<AITool> tools = options!.Tools ?? [];
        foreach (AITool tool in tools)
        {
            prefix.Append(tool.Name + tool.Description + (tool is AIFunctionDeclaration f ? f.JsonSchema.GetRawText() : ""));
        }

        if (tools.Count > 0)
        {
            prefix.Mark("tools");
        }

        if (!string.IsNullOrEmpty(request.System))
        {
            prefix.Append(request.System);
            prefix.Mark("system");
        }

        return _promptCache.Use(model, prefix.Breakpoints, _options.PromptCacheMinimumTokens, _options.PromptCacheTimeToLive);
    }

    private static ChatFinishReason FinishReason(SimulatedStop stop) => stop switch
    {
        SimulatedStop.ToolUse => ChatFinishReason.ToolCalls,
        SimulatedStop.MaxTokens => ChatFinishReason.Length,
        _ => ChatFinishReason.Stop,
    };

    private async Task BeforeFirstTokenAsync(SimulatedFault fault, CancellationToken cancellationToken)
    {
        if (SimulatorFaults.ErrorOf(fault) is { } error)
        {
            TimeSpan? retryAfter = fault is SimulatedFault.RateLimit or SimulatedFault.Overloaded ? TimeSpan.FromSeconds(_options.Faults.RetryAfterSeconds) : null;
            throw new ProviderException(error.Message, ProviderFailures.FromStatus(error.Status, retryAfter));
        }

        switch (fault)
        {
            case SimulatedFault.ConnectionReset:
                throw new IOException("The simulated connection was reset.");
            case SimulatedFault.Timeout:
                await DelayAsync(_options.Faults.TimeoutDelay, cancellationToken).ConfigureAwait(false);
                throw new TimeoutException("The simulated provider did not answer.");
            case SimulatedFault.SlowFirstToken:
                await DelayAsync(_options.Faults.SlowFirstTokenDelay, cancellationToken).ConfigureAwait(false);
                break;
        }

        await DelayAsync(_options.Latency, cancellationToken).ConfigureAwait(false);
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken cancellationToken) =>
        delay > TimeSpan.Zero ? Task.Delay(delay, _time, cancellationToken) : Task.CompletedTask;
}
