using Agentry.Core.Sessions;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tests.Sessions;

public sealed class SessionHistoryTests
{
    [Fact]
    public void Trim_WhenUnderCap_ReturnsSameList()
    {
        ChatMessage[] messages = [new(ChatRole.User, "a"), new(ChatRole.Assistant, "b")];

        Assert.Same(messages, SessionHistory.Trim(messages, 10));
    }

    [Fact]
    public void Trim_NeverStartsAtToolResult()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "q1"),
            new(ChatRole.Assistant, [new FunctionCallContent("c", "t")]),
            new(ChatRole.User, [new FunctionResultContent("c", "r")]),
            new(ChatRole.Assistant, "a1"),
            new(ChatRole.User, "q2"),
            new(ChatRole.Assistant, "a2"),
        ];

        IReadOnlyList<ChatMessage> trimmed = SessionHistory.Trim(messages, 3);

        Assert.Equal(["q2", "a2"], trimmed.Select(m => m.Text));
    }

    [Fact]
    public void Trim_WhenNewestTurnAloneExceedsCap_KeepsThatWholeTurn()
    {
        ChatMessage[] messages =
        [
            new(ChatRole.User, "q1"),
            new(ChatRole.User, "q2"),
            new(ChatRole.Assistant, [new FunctionCallContent("c", "t")]),
            new(ChatRole.Tool, [new FunctionResultContent("c", "r")]),
            new(ChatRole.Assistant, "a2"),
        ];

        IReadOnlyList<ChatMessage> trimmed = SessionHistory.Trim(messages, 2);

        Assert.Equal(4, trimmed.Count);
        Assert.Equal("q2", trimmed[0].Text);
    }
}
