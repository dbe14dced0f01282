using Agentry.Core.Pipeline;
using System.Threading.RateLimiting;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Agentry.Testing;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Polly.CircuitBreaker;
using Polly.RateLimiting;

namespace Agentry.Core.Tests.Resilience;

public sealed class ResilientChatClientTests : IDisposable
{
    private readonly TimerRecordingTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly TestMeterFactory _meters = new();
    private readonly List<IDisposable> _disposables = [];

    [Fact]
    public async Task Retry_On429_WaitsExactlyTheRetryAfter()
    {
        var inner = new StepChatClient().Fail(FakeProviderException.Status(429, TimeSpan.FromSeconds(7))).Succeed();
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 3 });

        Task<ChatResponse> call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);
        // The retry's wait is a timer on the fake clock: it is due in exactly the retry-after.
        await WaitUntilAsync(() => _time.DueTimes.Contains(TimeSpan.FromSeconds(7)));
        Assert.Equal(1, inner.Calls);
        Assert.False(call.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(7));

        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, inner.Calls);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task NoRetry_OnClientErrors(int status)
    {
        var inner = new StepChatClient().Fail(FakeProviderException.Status(status)).Succeed();
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 3 });

        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));

        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Retry_WithoutRetryAfter_BacksOffThenSucceeds()
    {
        var inner = new StepChatClient().Fail(FakeProviderException.Status(500)).Fail(new IOException("reset")).Succeed();
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 3, BaseDelay = TimeSpan.FromSeconds(1) });

        Task<ChatResponse> call = client.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]);
        await WaitUntilAsync(() => inner.Calls == 1);
        Assert.False(call.IsCompleted);
        for (int i = 0; i < 100 && !call.IsCompleted; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(200));
            await Task.Delay(5);
        }

        await call.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, inner.Calls);
    }

    [Fact]
    public async Task Circuit_OpensOnFailures_ThenHalfOpenProbeClosesIt()
    {
        var inner = new StepChatClient().Fail(FakeProviderException.Status(529)).Fail(FakeProviderException.Status(529)).Succeed();
        ResilientChatClient client = Create(inner, new ResilienceOptions
        {
            MaxRetries = 0,
            CircuitMinimumThroughput = 2,
            CircuitFailureRatio = 0.5,
            CircuitBreakDuration = TimeSpan.FromSeconds(30),
        });

        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")]));
        await Assert.ThrowsAsync<ProviderException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")]));
        Assert.Equal(CircuitState.Open, client.Circuit);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "3")]));
        Assert.Equal(2, inner.Calls);

        _time.Advance(TimeSpan.FromSeconds(31));
        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "probe")]);

        Assert.Equal(3, inner.Calls);
        Assert.Equal(CircuitState.Closed, client.Circuit);
    }

    [Fact]
    public async Task Bulkhead_RefusesCallsBeyondLimitAndQueue()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var inner = new StepChatClient().Then(_ => release.Task);
        var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 1, QueueLimit = 0 });
        _disposables.Add(limiter);
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 2 }, limiter);

        Task<ChatResponse> first = client.GetResponseAsync([new ChatMessage(ChatRole.User, "1")]);
        await WaitUntilAsync(() => inner.Calls == 1);

        await Assert.ThrowsAsync<RateLimiterRejectedException>(() => client.GetResponseAsync([new ChatMessage(ChatRole.User, "2")]));
        release.SetResult();
        await first;
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Stream_FailingAfterFirstUpdate_IsNotRetried()
    {
        var inner = new StepChatClient { FailAfterFirstUpdate = true }.Fail(FakeProviderException.Status(500));
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 3 });
        var received = new List<string>();

        await Assert.ThrowsAsync<ProviderException>(async () =>
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
            {
                received.Add(update.Text);
            }
        });

        Assert.Equal(["first "], received);
        Assert.Equal(1, inner.Calls);
    }

    [Fact]
    public async Task Stream_FailingBeforeFirstUpdate_IsRetried()
    {
        var inner = new StepChatClient().Fail(FakeProviderException.Status(429, TimeSpan.Zero)).Succeed();
        ResilientChatClient client = Create(inner, new ResilienceOptions { MaxRetries = 3 });

        var received = new List<string>();
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, "hi")]))
        {
            received.Add(update.Text);
        }

        Assert.Equal(["first ", "second"], received);
        Assert.Equal(2, inner.Calls);
    }

    [Fact]
    public async Task Fallback_WhenPrimaryUnavailable_SecondAnswersAndIsMarked()
    {
        var primary = new StepChatClient().Fail(FakeProviderException.Status(529)).Fail(FakeProviderException.Status(529));
        var secondary = new StepChatClient();
        var fallback = new FallbackChatClient(
            [new ModelRoute("p", "a", Create(primary, new ResilienceOptions { MaxRetries = 1, BaseDelay = TimeSpan.Zero })), new ModelRoute("p", "b", Create(secondary, new ResilienceOptions()))],
            new AgentryMetrics(_meters));

        var call = new ModelCall { Tenant = "t" };
        ChatResponse response = await fallback.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")], call.AttachTo(new ChatOptions()));

        Assert.Equal("b", response.ModelId);
        Assert.True(call.AnsweredByFallback);
        Assert.Equal(new ModelRef("p", "b"), call.AnsweredBy);
        Assert.Equal(2, primary.Calls);
    }

    [Fact]
    public async Task Fallback_OnClientError_DoesNotTryOtherModels()
    {
        var primary = new StepChatClient().Fail(FakeProviderException.Status(400));
        var secondary = new StepChatClient();
        var fallback = new FallbackChatClient(
            [new ModelRoute("p", "a", Create(primary, new ResilienceOptions())), new ModelRoute("p", "b", Create(secondary, new ResilienceOptions()))],
            new AgentryMetrics(_meters));

        await Assert.ThrowsAsync<ProviderException>(() => fallback.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
        Assert.Equal(0, secondary.Calls);
    }

    [Fact]
    public async Task Fallback_WhenEveryModelUnavailable_ThrowsModelsUnavailable()
    {
        var fallback = new FallbackChatClient(
            [
                new ModelRoute("p", "a", Create(new StepChatClient().Fail(FakeProviderException.Status(500)), new ResilienceOptions { MaxRetries = 0 })),
                new ModelRoute("p", "b", Create(new StepChatClient().Fail(new IOException("reset")), new ResilienceOptions { MaxRetries = 0 })),
            ],
            new AgentryMetrics(_meters));

        await Assert.ThrowsAsync<ModelsUnavailableException>(() => fallback.GetResponseAsync([new ChatMessage(ChatRole.User, "hi")]));
    }

    public void Dispose()
    {
        _disposables.ForEach(d => d.Dispose());
        _meters.Dispose();
    }

    private ResilientChatClient Create(IChatClient inner, ResilienceOptions options, RateLimiter? limiter = null)
    {
        limiter ??= new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 100, QueueLimit = 100 });
        _disposables.Add(limiter);
        return new ResilientChatClient(inner, "p", "m" + _disposables.Count, options, limiter, new AgentryMetrics(_meters), _time, NullLogger.Instance);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (int i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.True(condition());
    }
}
