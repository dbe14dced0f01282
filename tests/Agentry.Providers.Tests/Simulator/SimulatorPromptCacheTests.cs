using Agentry.Core.Pipeline;
using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Agentry.Providers.Simulator;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Providers.Tests.Simulator;

public sealed class SimulatorPromptCacheTests
{
    private static readonly TimeSpan FiveMinutes = TimeSpan.FromMinutes(5);

    [Fact]
    public void Use_WritesOnFirstSight_ThenReads_UntilTheLifetimeEnds()
    {
        var time = new FakeTimeProvider();
        var cache = new SimulatorPromptCache(time);
        CacheBreakpoint[] breakpoints = Breakpoints(("tools", "tool definitions"), ("system", new string('s', 8000)));

        (int Read, int Write) first = cache.Use("m", breakpoints, 1024, FiveMinutes);
        time.Advance(TimeSpan.FromMinutes(4));
        (int Read, int Write) second = cache.Use("m", breakpoints, 1024, FiveMinutes);
        time.Advance(TimeSpan.FromMinutes(4));
        (int Read, int Write) renewed = cache.Use("m", breakpoints, 1024, FiveMinutes);
        time.Advance(TimeSpan.FromMinutes(6));
        (int Read, int Write) expired = cache.Use("m", breakpoints, 1024, FiveMinutes);

        int prefix = breakpoints[^1].Tokens;
        Assert.Equal((0, prefix), first);
        Assert.Equal((prefix, 0), second);
        Assert.Equal((prefix, 0), renewed);
        Assert.Equal((0, prefix), expired);
    }

    [Fact]
    public void Use_BelowTheMinimum_CachesNothing_AndModelsDoNotShare()
    {
        var cache = new SimulatorPromptCache(new FakeTimeProvider());
        CacheBreakpoint[] shortPrompt = Breakpoints(("system", "Be brief."));
        CacheBreakpoint[] longPrompt = Breakpoints(("system", new string('x', 6000)));

        Assert.Equal((0, 0), cache.Use("m", shortPrompt, 1024, FiveMinutes));
        Assert.Equal((0, 0), cache.Use("m", shortPrompt, 1024, FiveMinutes));
        Assert.Equal((0, 1500), cache.Use("m", longPrompt, 1024, FiveMinutes));
        Assert.Equal((0, 1500), cache.Use("other-model", longPrompt, 1024, FiveMinutes));
        Assert.Equal((1500, 0), cache.Use("m", longPrompt, 1024, FiveMinutes));
    }

    [Fact]
    public void Use_WhenOnlyTheSystemPromptChanged_ReadsTheToolsAndWritesTheRest()
    {
        var cache = new SimulatorPromptCache(new FakeTimeProvider());
        string tools = new('t', 4400);
        CacheBreakpoint[] before = Breakpoints(("tools", tools), ("system", "first system prompt"));
        CacheBreakpoint[] after = Breakpoints(("tools", tools), ("system", "second system prompt, a little longer"));

        cache.Use("m", before, 1024, FiveMinutes);
        (int read, int write) = cache.Use("m", after, 1024, FiveMinutes);

        Assert.Equal(before[0].Tokens, read);
        Assert.Equal(after[1].Tokens - before[0].Tokens, write);
    }

    [Fact]
    public async Task Client_WithPromptCacheAsked_ReportsAWriteThenReads_AsTheAnthropicSdkDoes()
    {
        var options = new SimulatorOptions { PromptCacheMinimumTokens = 100 };
        using var client = new SimulatorChatClient(options, new FakeTimeProvider(), "sim-model");
        ChatMessage[] messages = [new(ChatRole.System, new string('p', 2000)), new(ChatRole.User, "Hello")];
        ChatOptions cached = new ModelCall { Tenant = "t", PromptCaching = true }.AttachTo(new ChatOptions());

        RunUsage first = UsageMapping.From((await client.GetResponseAsync(messages, cached)).Usage);
        RunUsage second = UsageMapping.From((await client.GetStreamingResponseAsync(messages, cached).ToListAsync()).ToChatResponse().Usage);
        RunUsage uncached = UsageMapping.From((await client.GetResponseAsync(messages)).Usage);

        Assert.Equal((0, 500), (first.CacheReadTokens, first.CacheWriteTokens));
        Assert.Equal((500, 0), (second.CacheReadTokens, second.CacheWriteTokens));
        Assert.Equal(first.InputTokens, second.InputTokens);
        Assert.Equal(uncached.InputTokens, first.InputTokens + 500);
        Assert.Equal((0, 0), (uncached.CacheReadTokens, uncached.CacheWriteTokens));
    }

    private static CacheBreakpoint[] Breakpoints(params (string Location, string Text)[] segments)
    {
        using var prefix = new PromptCachePrefix();
        foreach ((string location, string text) in segments)
        {
            prefix.Append(text);
            prefix.Mark(location);
        }

        return [.. prefix.Breakpoints];
    }
}
