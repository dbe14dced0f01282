using Agentry.Core.Pipeline;
using Agentry.Core.Resilience;
using global::Anthropic.Exceptions;
using global::Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Wraps the SDK's <see cref="IChatClient"/> for Agentry: places prompt-cache breakpoints when the call asks for
/// them (<see cref="ModelCall.PromptCaching"/>), passes on the usage that <c>message_start</c> reports (the SDK keeps
/// it to itself until the stream's end, so a stream cut short would otherwise show no input at all), and turns the
/// SDK's exceptions into <see cref="ProviderException"/>, with the <c>retry-after</c> the HTTP stack saw.
/// </summary>
internal sealed class AnthropicAdapterChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProviderResponseCapture capture = ProviderResponseCapture.Begin();
        (messages, options) = MarkPromptCache(messages, options);
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, capture) is { } failure)
        {
            throw failure;
        }
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProviderResponseCapture capture = ProviderResponseCapture.Begin();
        ModelCall? call = ModelCall.Of(options);
        (messages, options) = MarkPromptCache(messages, options);
        return ProviderStreams.TranslateFailures(
            base.GetStreamingResponseAsync(messages, options, cancellationToken),
            ex => Translate(ex, capture),
            update =>
            {
                if (call is not null && update.RawRepresentation is RawMessageStreamEvent { Value: RawMessageStartEvent start } && start.Message.Usage is { } usage)
                {
                    call.UsageSoFar = AnthropicUsage.ToUsageDetails(usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens ?? 0, usage.CacheCreationInputTokens ?? 0);
                }
            },
            cancellationToken);
    }

    private static (IEnumerable<ChatMessage> Messages, ChatOptions? Options) MarkPromptCache(IEnumerable<ChatMessage> messages, ChatOptions? options) =>
        ModelCall.Of(options)?.PromptCaching == true
            ? (AnthropicPromptCache.MarkSystemPrompt(messages), AnthropicPromptCache.MarkLastTool(options!))
            : (messages, options);

    /// <summary>The SDK's failures in the provider-neutral form; null for anything that is not the SDK's.</summary>
    private static ProviderException? Translate(Exception exception, ProviderResponseCapture capture) => exception switch
    {
        AnthropicApiException api => new ProviderException(api.Message, ProviderFailures.FromStatus((int)api.StatusCode, capture.RetryAfter), api),
        AnthropicIOException or AnthropicSseException => new ProviderException(exception.Message, new ProviderError(true, "connection", null, null), exception),
        _ => null,
    };
}
