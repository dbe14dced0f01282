using System.Diagnostics.Metrics;
using System.Threading.RateLimiting;
using Agentry.Core.Resilience;
using Agentry.Core.Telemetry;
using Agentry.Providers.Anthropic;
using Agentry.Providers.Simulator;
using global::Anthropic;
using global::Anthropic.Core;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agentry.Providers.Tests.Anthropic;

/// <summary>
/// The resilience layer over each Anthropic client, against the simulator: the first call fails (the simulator's
/// injected fault), the retry answers. A 429's <c>retry-after</c> is captured under the client and waited out.
/// </summary>
public sealed class AnthropicRetryTests(SimulatorServerFixture server) : IClassFixture<SimulatorServerFixture>, IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    [Theory]
    [InlineData(AnthropicOptions.SdkClient, "rate_limit")]
    [InlineData(AnthropicOptions.DirectClient, "rate_limit")]
    [InlineData(AnthropicOptions.SdkClient, "server_error")]
    [InlineData(AnthropicOptions.DirectClient, "server_error")]
    public async Task FirstCallFails_TheRetryAnswers(string kind, string fault)
    {
        using var http = new HttpClient(new FailFirstCallHandler(fault) { InnerHandler = new RetryAfterCaptureHandler(TimeProvider.System) });
        using IChatClient inner = kind == AnthropicOptions.DirectClient
            ? new AnthropicMessagesChatClient(http, new Uri(server.BaseUrl), "test-key", "claude-sonnet-4-5", TimeSpan.FromSeconds(30), TimeProvider.System)
            : new AnthropicAdapterChatClient(new AnthropicClient(new ClientOptions { ApiKey = "test-key", BaseUrl = server.BaseUrl, MaxRetries = 0, HttpClient = http }).AsIChatClient("claude-sonnet-4-5"));
        using var limiter = new ConcurrencyLimiter(new ConcurrencyLimiterOptions { PermitLimit = 10, QueueLimit = 10 });
        var options = new ResilienceOptions { MaxRetries = 2, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };
        using var client = new ResilientChatClient(
            inner, "anthropic", kind + fault, options, limiter,
            new AgentryMetrics(_services.GetRequiredService<IMeterFactory>()), TimeProvider.System, NullLogger.Instance);
        long faults = server.Stats.Faults;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        ChatResponse response = await client.GetResponseAsync("Tell me about lighthouses.");

        Assert.Contains("lighthouses", response.Text, StringComparison.Ordinal);
        Assert.Equal(1, server.Stats.Faults - faults);
        if (fault == "rate_limit")
        {
            // The simulator's retry-after is 1 s; the backoff alone would be 10 ms.
            Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(900), $"retried after {clock.Elapsed.TotalMilliseconds} ms");
        }
    }

    public void Dispose() => _services.Dispose();

    /// <summary>Asks the simulator for the fault on the first call only.</summary>
    private sealed class FailFirstCallHandler(string fault) : DelegatingHandler
    {
        private int _calls;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                request.Headers.Add(SimulatorFaults.Header, fault + "=1");
            }

            return base.SendAsync(request, cancellationToken);
        }
    }
}
