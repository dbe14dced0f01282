using System.Runtime.CompilerServices;
using Agentry.Core.Agents;
using Agentry.Core.Costs;
using global::Anthropic.Models.Messages;
using Microsoft.Extensions.AI;

namespace Agentry.Providers.Anthropic;

/// <summary>
/// Wraps the SDK's <see cref="IChatClient"/> for Agentry: places prompt-cache breakpoints when the call asks for
/// them (<see cref="PromptCache"/>), and passes on the usage that <c>message_start</c> reports. The SDK keeps that
/// usage to itself until the stream's end, so a stream cut short would otherwise show no input at all.
/// </summary>
internal sealed class AnthropicAdapterChatClient(IChatClient inner) : DelegatingChatClient(inner)
{
    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        PromptCache.IsRequested(options)
            ? base.GetResponseAsync(AnthropicPromptCache.MarkSystemPrompt(messages), AnthropicPromptCache.MarkLastTool(options!), cancellationToken)
            : base.GetResponseAsync(messages, options, cancellationToken);

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (PromptCache.IsRequested(options))
        {
            messages = AnthropicPromptCache.MarkSystemPrompt(messages);
            options = AnthropicPromptCache.MarkLastTool(options!);
        }

        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(messages, options, cancellationToken).ConfigureAwait(false))
        {
            if (update.RawRepresentation is RawMessageStreamEvent { Value: RawMessageStartEvent start } && start.Message.Usage is { } usage)
            {
                (update.AdditionalProperties ??= [])[UsageMapping.UsageSoFarKey] = ToUsageDetails(usage);
            }

            yield return update;
        }
    }

    private static UsageDetails ToUsageDetails(Usage usage) =>
        UsageMapping.FromAnthropic(usage.InputTokens, usage.OutputTokens, usage.CacheReadInputTokens ?? 0, usage.CacheCreationInputTokens ?? 0);
}
