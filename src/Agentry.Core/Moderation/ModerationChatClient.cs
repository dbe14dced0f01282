using System.Runtime.CompilerServices;
using Agentry.Core.Audit;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Moderation;

/// <summary>
/// The outermost decorator of an agent's pipeline. Before a model call it moderates what is new since the model last
/// spoke (the user's input, or the tool results), in place, so a redaction also reaches the stored session; after the
/// call it moderates the answer's text. A block rule ends the run (<see cref="ModerationBlockedException"/>). With
/// output rules, a streamed answer is held until it is complete, moderated, then passed on: safety over granularity.
/// </summary>
public sealed class ModerationChatClient(IChatClient inner, ModerationSettings settings, string agent, AgentryMetrics metrics, IAuditSink? audit)
    : DelegatingChatClient(inner)
{
    private readonly string[] _blocklist = settings.Blocklist.ToArray();

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = ModerateInput(messages);
        ChatResponse response = await base.GetResponseAsync(history, options, cancellationToken).ConfigureAwait(false);
        ModerateOutput(response.Messages);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IList<ChatMessage> history = ModerateInput(messages);
        if (settings.Output.Count == 0)
        {
            await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
            {
                yield return update;
            }

            yield break;
        }

        var updates = new List<ChatResponseUpdate>();
        await foreach (ChatResponseUpdate update in base.GetStreamingResponseAsync(history, options, cancellationToken).ConfigureAwait(false))
        {
            updates.Add(update);
        }

        ChatResponse whole = updates.ToChatResponse();
        ModerateOutput(whole.Messages);
        foreach (ChatResponseUpdate update in whole.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    private IList<ChatMessage> ModerateInput(IEnumerable<ChatMessage> messages)
    {
        IList<ChatMessage> history = messages as IList<ChatMessage> ?? messages.ToList();
        if (settings.Input.Count == 0)
        {
            return history;
        }

        // Only what is new since the model last answered: earlier turns were moderated when they were new.
        int first = history.Count;
        while (first > 0 && history[first - 1].Role != ChatRole.Assistant)
        {
            first--;
        }

        for (int i = first; i < history.Count; i++)
        {
            if (history[i].Role == ChatRole.System)
            {
                continue;
            }

            IList<AIContent> contents = history[i].Contents;
            for (int c = 0; c < contents.Count; c++)
            {
                switch (contents[c])
                {
                    case TextContent text when Moderate(ModerationStages.Input, text.Text, settings.Input) is { } redacted:
                        contents[c] = new TextContent(redacted);
                        break;
                    case FunctionResultContent result when result.Result is string output && Moderate(ModerationStages.Input, output, settings.Input) is { } redacted:
                        contents[c] = new FunctionResultContent(result.CallId, redacted);
                        break;
                }
            }
        }

        return history;
    }

    private void ModerateOutput(IList<ChatMessage> messages)
    {
        if (settings.Output.Count == 0)
        {
            return;
        }

        foreach (ChatMessage message in messages)
        {
            IList<AIContent> contents = message.Contents;
            for (int c = 0; c < contents.Count; c++)
            {
                if (contents[c] is TextContent text && Moderate(ModerationStages.Output, text.Text, settings.Output) is { } redacted)
                {
                    contents[c] = new TextContent(redacted);
                }
            }
        }
    }

    /// <summary>Counts and audits each finding; throws on a block; returns the redacted text when it changed.</summary>
    private string? Moderate(string stage, string? text, IList<ModerationRuleSetting> rules)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        ModerationResult result = ContentModerator.Apply(text, rules, _blocklist);
        foreach (ModerationFinding finding in result.Findings)
        {
            metrics.ModerationAction(stage, finding.Action, finding.Rule);
            audit?.Record(new AuditEvent { Type = AuditEventTypes.Moderation, Agent = agent, Outcome = finding.Action, Detail = $"{stage}:{finding.Rule}" });
        }

        if (result.BlockedBy is { } rule)
        {
            throw new ModerationBlockedException(stage, rule);
        }

        return result.Changed ? result.Text : null;
    }
}
