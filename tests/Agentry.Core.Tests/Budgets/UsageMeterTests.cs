using Agentry.Core.Agents;
using Agentry.Core.Budgets;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tests.Budgets;

/// <summary>What a model call that ended before its usage report is charged, against hand-computed figures.</summary>
public sealed class UsageMeterTests
{
    [Fact]
    public void Unfinished_WhenNothingArrivedAndTheCallFailed_IsNothing()
    {
        Assert.Null(new UsageMeter().Unfinished(requestChars: 3000, cancelled: false));
    }

    [Fact]
    public void Unfinished_WhenCancelledBeforeAnything_IsTheRequestEstimate()
    {
        // 3000 characters at three a token, plus 16 for framing; no output.
        Assert.Equal(new RunUsage(1016, 0, 0, 0), new UsageMeter().Unfinished(requestChars: 3000, cancelled: true));
    }

    [Fact]
    public void Unfinished_AfterSomeText_AddsTheStreamedOutput()
    {
        var meter = new UsageMeter();
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, "Lighthouses "));
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, "guard the"));

        // 21 characters: 7 tokens at three a token.
        Assert.Equal(new RunUsage(1016, 7, 0, 0), meter.Unfinished(requestChars: 3000, cancelled: true));
    }

    [Fact]
    public void Unfinished_AfterMessageStart_TakesItsInputAndCacheCounts_AndTheLargerOutput()
    {
        var meter = new UsageMeter();
        var soFar = new UsageDetails
        {
            InputTokenCount = 1250,
            CachedInputTokenCount = 1000,
            OutputTokenCount = 1,
            AdditionalCounts = new() { [UsageMapping.CacheWriteKey] = 200 },
        };
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, []) { ModelId = "claude-sonnet-4-5" });
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, "Twelve chars"));

        Assert.Equal(new RunUsage(50, 4, 1000, 200), meter.Unfinished(requestChars: 3000, cancelled: true, soFar));
        Assert.Equal("claude-sonnet-4-5", meter.ModelId);
    }

    [Fact]
    public void Unfinished_WhenTheFinalReportCame_IsThatReport()
    {
        var meter = new UsageMeter();
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, "A long answer that was streamed in full."));
        meter.Observe(new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(new UsageDetails { InputTokenCount = 40, OutputTokenCount = 9 })]));

        Assert.Equal(new RunUsage(40, 9, 0, 0), meter.Unfinished(requestChars: 3000, cancelled: true));
    }
}
