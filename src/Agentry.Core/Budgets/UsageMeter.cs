using Agentry.Core.Agents;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Budgets;

/// <summary>
/// Follows one model call's stream and says what it used: the provider's final report when it came; otherwise
/// (the call was abandoned, timed out or cut) the input the provider reported at the start of the stream, or the
/// request's estimate, plus the output already streamed at about three characters a token, whichever of that and
/// the provider's running output count is larger. The estimates err high, as the reservation does.
/// </summary>
internal sealed class UsageMeter
{
    /// <summary>Characters a token in every estimate here and in the reservation; Claude averages about 3.5 on English.</summary>
    public const int CharsPerToken = 3;

    private long _outputChars;

    public UsageDetails? Reported { get; private set; }

    public string? ModelId { get; private set; }

    public bool SawUpdates { get; private set; }

    /// <summary>Input tokens of a request of this many characters, with room for the message framing.</summary>
    public static long InputTokens(long requestChars) => (requestChars / CharsPerToken) + 16;

    public void Observe(ChatResponseUpdate update)
    {
        SawUpdates = true;
        ModelId = update.ModelId ?? ModelId;

        foreach (AIContent content in update.Contents)
        {
            _outputChars += content switch
            {
                TextContent text => text.Text.Length,
                TextReasoningContent reasoning => reasoning.Text.Length,
                FunctionCallContent call => 32 + (call.Arguments?.Sum(a => a.Key.Length + (a.Value?.ToString()?.Length ?? 0)) ?? 0),
                _ => 0,
            };
            if (content is UsageContent usage)
            {
                Reported = usage.Details;
            }
        }
    }

    /// <summary>
    /// What a call that ended before its answer used; null when nothing is known to have been used: it failed
    /// before any update arrived, which providers do not bill. <paramref name="soFar"/> is the usage the provider
    /// reported during the stream (<see cref="Pipeline.ModelCall.UsageSoFar"/>), if it did.
    /// </summary>
    public RunUsage? Unfinished(long requestChars, bool cancelled, UsageDetails? soFar = null)
    {
        if (Reported is not null)
        {
            return UsageMapping.From(Reported);
        }

        if (!SawUpdates && !cancelled)
        {
            return null;
        }

        long streamed = (_outputChars + CharsPerToken - 1) / CharsPerToken;
        if (soFar is null)
        {
            return new RunUsage(InputTokens(requestChars), streamed, 0, 0);
        }

        RunUsage early = UsageMapping.From(soFar);
        return early with { OutputTokens = Math.Max(early.OutputTokens, streamed) };
    }
}
