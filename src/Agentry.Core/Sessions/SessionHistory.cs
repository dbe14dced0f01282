using Microsoft.Extensions.AI;

namespace Agentry.Core.Sessions;

/// <summary>Rules that keep a stored history valid for every provider.</summary>
public static class SessionHistory
{
    /// <summary>
    /// Keeps at most <paramref name="maxMessages"/> of the newest messages, cutting only at the start of a
    /// user turn, so a tool call is never separated from its result. When even the newest turn is longer
    /// than the cap, that whole turn is kept.
    /// </summary>
    public static IReadOnlyList<ChatMessage> Trim(IReadOnlyList<ChatMessage> messages, int maxMessages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (messages.Count <= maxMessages)
        {
            return messages;
        }

        int firstAllowed = messages.Count - maxMessages;
        int lastTurnStart = -1;
        for (int i = 0; i < messages.Count; i++)
        {
            if (!IsTurnStart(messages[i]))
            {
                continue;
            }

            lastTurnStart = i;
            if (i >= firstAllowed)
            {
                return Slice(messages, i);
            }
        }

        return lastTurnStart <= 0 ? messages : Slice(messages, lastTurnStart);
    }

    /// <summary>A user message that carries no tool result opens a turn.</summary>
    public static bool IsTurnStart(ChatMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Role != ChatRole.User)
        {
            return false;
        }

        foreach (AIContent content in message.Contents)
        {
            if (content is FunctionResultContent)
            {
                return false;
            }
        }

        return true;
    }

    private static ChatMessage[] Slice(IReadOnlyList<ChatMessage> messages, int start)
    {
        var result = new ChatMessage[messages.Count - start];
        for (int i = start; i < messages.Count; i++)
        {
            result[i - start] = messages[i];
        }

        return result;
    }
}
