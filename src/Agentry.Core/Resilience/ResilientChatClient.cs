using System.Runtime.CompilerServices;
using System.Threading.RateLimiting;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Retry;
using Polly.Timeout;

namespace Agentry.Core.Resilience;

/// <summary>
/// One provider and model behind Polly: retries with exponential backoff and jitter that honour
/// <c>retry-after</c> (transient failures only), the provider's concurrency limit, a circuit breaker of its own,
/// and a per-attempt timeout. A streamed answer is retried only until its first update arrives; after that
/// nothing reached the caller twice, and a failure ends the stream.
/// </summary>
public sealed class ResilientChatClient : DelegatingChatClient
{
    private static readonly ResiliencePropertyKey<TimeSpan?> RetryAfterKey = new("agentry.retry_after");

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly ResilienceOptions _options;

    public ResilientChatClient(
        IChatClient inner,
        string provider,
        string model,
        ResilienceOptions options,
        RateLimiter providerLimiter,
        AgentryMetrics metrics,
        TimeProvider time,
        ILogger logger)
        : base(inner)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        Provider = provider;
        Model = model;
        _options = options;
        CircuitName = $"{provider}/{model}";
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && IsRetryable(ex, args.Context)),
                DelayGenerator = args => ValueTask.FromResult(args.Context.Properties.TryGetValue(RetryAfterKey, out TimeSpan? after) ? after : null),
                OnRetry = args =>
                {
                    metrics.Retry(provider, model, Reason(args.Outcome.Exception));
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddRateLimiter(new RateLimiterStrategyOptions
        {
            RateLimiter = args => providerLimiter.AcquireAsync(1, args.Context.CancellationToken),
            OnRejected = _ =>
            {
                metrics.BulkheadRejected(provider);
                return ValueTask.CompletedTask;
            },
        });
        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = options.CircuitFailureRatio,
            MinimumThroughput = options.CircuitMinimumThroughput,
            SamplingDuration = options.CircuitSamplingDuration,
            BreakDuration = options.CircuitBreakDuration,
            StateProvider = _circuit,
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && CountsAgainstCircuit(ex)),
        }.ReportedAs(CircuitName, metrics, logger));
        builder.AddTimeout(options.AttemptTimeout);
        _pipeline = builder.Build();
    }

    public string Provider { get; }

    public string Model { get; }

    public string CircuitName { get; }

    public CircuitState Circuit => _circuit.CircuitState;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = (client: this, messages, options);
            return await _pipeline.ExecuteAsync(
                static async (ctx, s) =>
                {
                    try
                    {
                        return await s.client.InnerClient.GetResponseAsync(s.messages, s.options, ctx.CancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException)
                    {
                        Remember(ctx, ex);
                        throw;
                    }
                },
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        (IAsyncEnumerator<ChatResponseUpdate>? stream, ChatResponseUpdate? first, CancellationTokenSource? lifetime) =
            await StartStreamAsync(messages, options, cancellationToken).ConfigureAwait(false);
        try
        {
            if (stream is null)
            {
                yield break;
            }

            yield return first!;
            while (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                yield return stream.Current;
            }
        }
        finally
        {
            if (stream is not null)
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            lifetime?.Dispose();
        }
    }

    /// <summary>Attempts (under the whole pipeline) until one stream yields its first update.</summary>
    private async Task<(IAsyncEnumerator<ChatResponseUpdate>? Stream, ChatResponseUpdate? First, CancellationTokenSource? Lifetime)> StartStreamAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        ResilienceContext context = ResilienceContextPool.Shared.Get(cancellationToken);
        try
        {
            var state = (client: this, messages, options, outer: cancellationToken);
            return await _pipeline.ExecuteAsync(
                static async (ctx, s) =>
                {
                    // The stream outlives this attempt's timeout token, so it runs on a token of its own that the
                    // attempt cancels only if it fails before the first update.
                    var lifetime = CancellationTokenSource.CreateLinkedTokenSource(s.outer);
                    IAsyncEnumerator<ChatResponseUpdate>? stream = null;
                    try
                    {
                        stream = s.client.InnerClient.GetStreamingResponseAsync(s.messages, s.options, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
                        bool any = await stream.MoveNextAsync().AsTask().WaitAsync(ctx.CancellationToken).ConfigureAwait(false);
                        if (!any)
                        {
                            await stream.DisposeAsync().ConfigureAwait(false);
                            lifetime.Dispose();
                            return ((IAsyncEnumerator<ChatResponseUpdate>?)null, (ChatResponseUpdate?)null, (CancellationTokenSource?)null);
                        }

                        return (stream, stream.Current, lifetime);
                    }
                    catch (Exception ex)
                    {
                        await lifetime.CancelAsync().ConfigureAwait(false);
                        if (stream is not null)
                        {
                            await DisposeQuietlyAsync(stream).ConfigureAwait(false);
                        }

                        lifetime.Dispose();
                        if (ex is not OperationCanceledException)
                        {
                            Remember(ctx, ex);
                        }

                        throw;
                    }
                },
                context,
                state).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static async Task DisposeQuietlyAsync(IAsyncEnumerator<ChatResponseUpdate> stream)
    {
        try
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException)
        {
            // The attempt already failed; how its stream closes does not matter.
        }
    }

    /// <summary>Keeps the wait the provider asked for, for the next attempt's delay.</summary>
    private static void Remember(ResilienceContext context, Exception exception) =>
        context.Properties.Set(RetryAfterKey, ProviderFailures.Classify(exception).RetryAfter);

    private bool IsRetryable(Exception exception, ResilienceContext context)
    {
        if (exception is BrokenCircuitException or RateLimiterRejectedException)
        {
            return false;
        }

        if (context.Properties.TryGetValue(RetryAfterKey, out TimeSpan? after) && after > _options.MaxRetryAfter)
        {
            return false;
        }

        return exception is TimeoutRejectedException || ProviderFailures.Classify(exception).Transient;
    }

    private static bool CountsAgainstCircuit(Exception exception) =>
        exception is TimeoutRejectedException || (exception is not OperationCanceledException && ProviderFailures.Classify(exception).Transient);

    private static string Reason(Exception? exception) => exception switch
    {
        null => "unknown",
        TimeoutRejectedException => "timeout",
        _ => ProviderFailures.Classify(exception).Reason,
    };
}
