using Agentry.Core.Pipeline;
using Agentry.Core.Budgets;
using Agentry.Core.Costs;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Agentry.Testing.Conformance;

/// <summary>The behaviour every <see cref="IBudgetStore"/> must have.</summary>
public abstract class BudgetStoreConformanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly double[] Thresholds = [0.5, 0.8, 1.0];

    protected abstract IBudgetStore CreateStore();

    [Fact]
    public async Task Reserve_WithinLimits_IsGranted_AndCountsAsSpendUntilSettled()
    {
        IBudgetStore store = CreateStore();
        var limits = new BudgetLimits { DailyUsd = 1m };

        BudgetDecision decision = await store.ReserveAsync("t1", Micros.From(0.4m), limits, Now, default);

        Assert.True(decision.Granted);
        Assert.Equal((400_000L, 400_000L), await store.GetSpendAsync("t1", Now, default));
        await store.SettleAsync("t1", decision.ReservationId, Micros.From(0.4m), Usage(0.1m), limits, Thresholds, Now, default);
        Assert.Equal((100_000L, 100_000L), await store.GetSpendAsync("t1", Now, default));
    }

    [Fact]
    public async Task Reserve_BeyondDailyLimit_IsRefusedWithItsReset()
    {
        IBudgetStore store = CreateStore();
        var limits = new BudgetLimits { DailyUsd = 1m, MonthlyUsd = 100m };
        await store.SettleAsync("t1", null, 0, Usage(0.9m), limits, Thresholds, Now, default);

        BudgetDecision decision = await store.ReserveAsync("t1", Micros.From(0.2m), limits, Now, default);

        Assert.False(decision.Granted);
        Assert.Equal("daily", decision.ExhaustedPeriod);
        Assert.Equal(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero), decision.ResetsAt);
        Assert.True((await store.ReserveAsync("t1", Micros.From(0.2m), limits, Now.AddDays(1), default)).Granted);
    }

    [Fact]
    public async Task Reserve_BeyondMonthlyLimit_IsRefusedUntilNextMonth()
    {
        IBudgetStore store = CreateStore();
        var limits = new BudgetLimits { MonthlyUsd = 2m };
        await store.SettleAsync("t1", null, 0, Usage(1.95m), limits, Thresholds, Now.AddDays(-3), default);

        BudgetDecision decision = await store.ReserveAsync("t1", Micros.From(0.1m), limits, Now, default);

        Assert.Equal(("monthly", new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero)), (decision.ExhaustedPeriod, decision.ResetsAt));
    }

    [Fact]
    public async Task Reserve_Concurrently_NeverGrantsMoreThanTheLimitHolds()
    {
        IBudgetStore store = CreateStore();
        var limits = new BudgetLimits { DailyUsd = 0.05m };
        await store.ReserveAsync("warm-up", 1, limits, Now, default); // connect before the burst, not during it

        BudgetDecision[] decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ =>
            Task.Run(() => store.ReserveAsync("t1", Micros.From(0.001m), limits, Now, default))));

        Assert.Equal(50, decisions.Count(d => d.Granted));
    }

    [Fact]
    public async Task Thresholds_AreReportedOncePerPeriod()
    {
        IBudgetStore store = CreateStore();
        var limits = new BudgetLimits { DailyUsd = 1m };

        SettleOutcome first = await store.SettleAsync("t1", null, 0, Usage(0.6m), limits, Thresholds, Now, default);
        SettleOutcome second = await store.SettleAsync("t1", null, 0, Usage(0.1m), limits, Thresholds, Now, default);
        SettleOutcome third = await store.SettleAsync("t1", null, 0, Usage(0.35m), limits, Thresholds, Now, default);
        SettleOutcome nextDay = await store.SettleAsync("t1", null, 0, Usage(0.6m), limits, Thresholds, Now.AddDays(1), default);

        Assert.Equal([0.5], first.Crossed.Select(c => c.Share));
        Assert.Empty(second.Crossed);
        Assert.Equal([0.8, 1.0], third.Crossed.Select(c => c.Share));
        Assert.Equal([0.5], nextDay.Crossed.Select(c => c.Share));
        Assert.All(first.Crossed.Concat(third.Crossed), c => Assert.Equal("daily", c.Period));
    }

    /// <summary>
    /// The log event behind the threshold, through the budget layer: two clients (two replicas) spend at once on one
    /// tenant, each call $0.30 against a $1 daily limit, on two days. Every threshold is logged exactly once a day.
    /// </summary>
    [Fact]
    public async Task ThresholdLogEvents_AreOneEachPerPeriod_WhenTwoReplicasSpendAtOnce()
    {
        IBudgetStore store = CreateStore();
        var time = new FakeTimeProvider(Now);
        var options = new BudgetOptions { Default = { DailyUsd = 1m } };
        var prices = new PriceTable(Options.Create(new PricingOptions()));
        var log = new CapturingLogger();
        var audit = new CapturingAuditSink();
        using var meters = new TestMeterFactory();
        var metrics = new AgentryMetrics(meters);
        BudgetChatClient[] replicas = [.. Enumerable.Range(0, 2).Select(_ => new BudgetChatClient(
            new FixedUsageChatClient("claude-sonnet-4-5", inputTokens: 100_000, outputTokens: 0), store, options, prices,
            prices.Find("claude-sonnet-4-5").Price, "agent", metrics, time, log, audit))];
        ChatOptions call = new ModelCall { Tenant = "tenant-" + Guid.NewGuid().ToString("N") }.AttachTo(new ChatOptions { ModelId = "claude-sonnet-4-5", MaxOutputTokens = 10 });

        async Task<int> SpendADayAsync()
        {
            // Eight calls reserve their small worst case at once, then each settles $0.30: $2.40 against $1.
            Task<ChatResponse>[] calls = [.. Enumerable.Range(0, 8).Select(i => replicas[i % 2].GetResponseAsync("Hello", call))];
            await Task.WhenAll(calls.Select(c => c.ContinueWith(_ => { }, TaskScheduler.Default)));
            return calls.Count(c => c.IsCompletedSuccessfully);
        }

        List<string> Crossed() => [.. log.Events.Where(e => e.Id.Id == 1300).Select(e => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{e.Fields["period"]} {e.Fields["percent"]}"))];

        int firstDay = await SpendADayAsync();
        List<string> afterFirstDay = Crossed();
        time.Advance(TimeSpan.FromDays(1));
        int secondDay = await SpendADayAsync();

        Assert.True(firstDay >= 4 && secondDay >= 4, $"enough calls to cross 100 % each day: {firstDay} and {secondDay}");
        Assert.Equal(["daily 100", "daily 50", "daily 80"], afterFirstDay.Order(StringComparer.Ordinal));
        Assert.Equal(["daily 100", "daily 50", "daily 80"], Crossed().Skip(afterFirstDay.Count).Order(StringComparer.Ordinal));

        // The same crossings as audit events, one each per period.
        string[] audited = [.. audit.Events.Where(e => e.Type == Agentry.Core.Audit.AuditEventTypes.BudgetThreshold).Select(e => e.Detail!.Split(":limit=")[0])];
        Assert.Equal(["daily:100%", "daily:100%", "daily:50%", "daily:50%", "daily:80%", "daily:80%"], audited.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Usage_IsSummedPerDayAgentAndModel_PerTenant()
    {
        IBudgetStore store = CreateStore();
        var none = new BudgetLimits();
        await store.SettleAsync("t1", null, 0, new UsageRecord("a", "m1", 100, 10, 1000, 5, 0.01m), none, Thresholds, Now, default);
        await store.SettleAsync("t1", null, 0, new UsageRecord("a", "m1", 50, 5, 0, 0, 0.002m), none, Thresholds, Now, default);
        await store.SettleAsync("t1", null, 0, new UsageRecord("b", "m2", 1, 1, 0, 0, 0.5m), none, Thresholds, Now.AddDays(1), default);
        await store.SettleAsync("t2", null, 0, new UsageRecord("a", "m1", 9, 9, 0, 0, 9m), none, Thresholds, Now, default);

        IReadOnlyList<UsageTotal> usage = await store.GetUsageAsync("t1", DateOnly.FromDateTime(Now.UtcDateTime), DateOnly.FromDateTime(Now.UtcDateTime.AddDays(1)), default);

        Assert.Equal(
            [new UsageTotal("20261128", "a", "m1", 2, 150, 15, 1000, 5, 0.012m), new UsageTotal("20261129", "b", "m2", 1, 1, 1, 0, 0, 0.5m)],
            usage);
    }

    private static UsageRecord Usage(decimal cost) => new("agent", "model", 1000, 100, 0, 0, cost);
}
