using Agentry.Core.Sessions;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="ISessionStore"/> must have; each implementation runs it.</summary>
public abstract class SessionStoreConformanceTests
{
    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));

    protected static SessionStoreOptions Options => new() { IdleTimeToLive = TimeSpan.FromHours(1), MaxMessages = 6 };

    protected abstract ISessionStore CreateStore(SessionStoreOptions options);

    /// <summary>Lets time pass for the store: the fake clock, and whatever expiry the backing store keeps itself.</summary>
    protected abstract Task LetTimePassAsync(TimeSpan elapsed);

    [Fact]
    public async Task Create_ThenGet_ReturnsEmptySessionForItsTenant()
    {
        ISessionStore store = CreateStore(Options);

        AgentSession created = await store.CreateAsync("t1", "assistant", default);
        AgentSession? read = await store.GetAsync("t1", created.Id, default);

        Assert.NotNull(read);
        Assert.Equal(("assistant", 0L), (read.Agent, read.Version));
        Assert.Empty(read.Messages);
        Assert.True(SessionIds.IsWellFormed(created.Id));
    }

    [Fact]
    public async Task Get_FromAnotherTenant_ReturnsNull()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession created = await store.CreateAsync("t1", "assistant", default);

        Assert.Null(await store.GetAsync("t2", created.Id, default));
        Assert.False(await store.DeleteAsync("t2", created.Id, default));
        Assert.False(await store.AppendAsync("t2", created.Id, 0, [new ChatMessage(ChatRole.User, "x")], default));
        Assert.NotNull(await store.GetAsync("t1", created.Id, default));
    }

    [Fact]
    public async Task Append_AtCurrentVersion_StoresMessagesInOrderAndBumpsVersion()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);

        Assert.True(await store.AppendAsync("t1", s.Id, 0, [new ChatMessage(ChatRole.User, "q1"), new ChatMessage(ChatRole.Assistant, "a1")], default));
        Assert.True(await store.AppendAsync("t1", s.Id, 1, [new ChatMessage(ChatRole.User, "q2")], default));

        AgentSession read = (await store.GetAsync("t1", s.Id, default))!;
        Assert.Equal(["q1", "a1", "q2"], read.Messages.Select(m => m.Text));
        Assert.Equal(2, read.Version);
    }

    [Fact]
    public async Task Append_AtStaleVersion_IsRefusedAndChangesNothing()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);
        Assert.True(await store.AppendAsync("t1", s.Id, 0, [new ChatMessage(ChatRole.User, "winner")], default));

        Assert.False(await store.AppendAsync("t1", s.Id, 0, [new ChatMessage(ChatRole.User, "loser")], default));

        AgentSession read = (await store.GetAsync("t1", s.Id, default))!;
        Assert.Equal(["winner"], read.Messages.Select(m => m.Text));
    }

    [Fact]
    public async Task Append_Concurrently_ExactlyOneWriterWinsEachVersion()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);

        bool[] outcomes = await Task.WhenAll(Enumerable.Range(0, 16).Select(i =>
            Task.Run(() => store.AppendAsync("t1", s.Id, 0, [new ChatMessage(ChatRole.User, $"w{i}")], default))));

        Assert.Single(outcomes, won => won);
        Assert.Single((await store.GetAsync("t1", s.Id, default))!.Messages);
    }

    [Fact]
    public async Task Delete_RemovesSession()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);

        Assert.True(await store.DeleteAsync("t1", s.Id, default));
        Assert.Null(await store.GetAsync("t1", s.Id, default));
        Assert.False(await store.DeleteAsync("t1", s.Id, default));
    }

    [Fact]
    public async Task Get_AfterIdleTimeToLive_ReturnsNull()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);

        await LetTimePassAsync(TimeSpan.FromMinutes(59));
        Assert.True(await store.AppendAsync("t1", s.Id, 0, [new ChatMessage(ChatRole.User, "keeps it alive")], default));
        await LetTimePassAsync(TimeSpan.FromMinutes(59));
        Assert.NotNull(await store.GetAsync("t1", s.Id, default));
        await LetTimePassAsync(TimeSpan.FromMinutes(61));

        Assert.Null(await store.GetAsync("t1", s.Id, default));
    }

    [Fact]
    public async Task Messages_RoundTripTextToolCallsAndResults()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);
        ChatMessage[] turn =
        [
            new(ChatRole.User, "What is 2+2? Ünïcödé ✓"),
            new(ChatRole.Assistant, [new TextContent("Let me check."), new FunctionCallContent("c1", "calculator", new Dictionary<string, object?> { ["expression"] = "2+2" })]),
            new(ChatRole.Tool, [new FunctionResultContent("c1", "4")]),
            new(ChatRole.Assistant, "4"),
        ];
        Assert.True(await store.AppendAsync("t1", s.Id, 0, turn, default));

        AgentSession read = (await store.GetAsync("t1", s.Id, default))!;

        Assert.Equal(["user", "assistant", "tool", "assistant"], read.Messages.Select(m => m.Role.Value));
        Assert.Equal("What is 2+2? Ünïcödé ✓", read.Messages[0].Text);
        FunctionCallContent call = read.Messages[1].Contents.OfType<FunctionCallContent>().Single();
        Assert.Equal(("c1", "calculator", "2+2"), (call.CallId, call.Name, call.Arguments!["expression"]!.ToString()));
        Assert.Equal("4", read.Messages[2].Contents.OfType<FunctionResultContent>().Single().Result?.ToString());
    }

    [Fact]
    public async Task Append_BeyondMaxMessages_TrimsWholeOldTurnsAndKeepsToolPairs()
    {
        ISessionStore store = CreateStore(Options);
        AgentSession s = await store.CreateAsync("t1", "a", default);
        long version = 0;
        for (int turn = 0; turn < 4; turn++)
        {
            ChatMessage[] messages =
            [
                new(ChatRole.User, $"q{turn}"),
                new(ChatRole.Assistant, [new FunctionCallContent($"c{turn}", "calculator", new Dictionary<string, object?> { ["expression"] = "1+1" })]),
                new(ChatRole.Tool, [new FunctionResultContent($"c{turn}", "2")]),
                new(ChatRole.Assistant, $"a{turn}"),
            ];
            Assert.True(await store.AppendAsync("t1", s.Id, version++, messages, default));
        }

        AgentSession read = (await store.GetAsync("t1", s.Id, default))!;

        Assert.True(read.Messages.Count <= 6);
        Assert.Equal("q3", read.Messages[0].Text);
        var calls = read.Messages.SelectMany(m => m.Contents).OfType<FunctionCallContent>().Select(c => c.CallId);
        var results = read.Messages.SelectMany(m => m.Contents).OfType<FunctionResultContent>().Select(c => c.CallId);
        Assert.Equal(calls, results);
    }
}
