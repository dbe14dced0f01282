using System.ClientModel;
using Agentry.Core.Resilience;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.OpenAi;

/// <summary>
/// Wraps Microsoft.Extensions.AI's OpenAI client for Agentry: turns the OpenAI SDK's <see cref="ClientResultException"/>
/// into <see cref="ProviderException"/>, with the <c>retry-after</c> the HTTP stack saw.
/// </summary>
internal sealed class OpenAiAdapterChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProviderResponseCapture capture = ProviderResponseCapture.Begin();
        try
        {
            return await base.GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            throw Translate(ex, capture);
        }
    }

    public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ProviderResponseCapture capture = ProviderResponseCapture.Begin();
        return ProviderStreams.TranslateFailures(
            base.GetStreamingResponseAsync(messages, options, cancellationToken),
            ex => ex is ClientResultException result ? Translate(result, capture) : null,
            cancellationToken: cancellationToken);
    }

    private static ProviderException Translate(ClientResultException exception, ProviderResponseCapture capture) =>
        new(exception.Message,
            exception.Status > 0 ? ProviderFailures.FromStatus(exception.Status, capture.RetryAfter) : new ProviderError(true, "connection", null, null),
            exception);
}
