using System.Runtime.CompilerServices;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.AI;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace Agentry.Core.Resilience;

/// <summary>
/// Tries an agent's models in order: when one is unavailable (retries spent on transient failures, circuit
/// open, provider queue full, attempt timed out), the next one answers. A request that the provider refused as
/// invalid is not sent elsewhere. A streamed answer moves on only before its first update; when no model
/// can answer, <see cref="ModelsUnavailableException"/> says when to retry.
/// </summary>
public sealed class FallbackChatClient : IChatClient
{
    private readonly IReadOnlyList<ModelRoute> _routes;
    private readonly AgentryMetrics _metrics;

    public FallbackChatClient(IReadOnlyList<ModelRoute> routes, AgentryMetrics metrics)
    {
        ArgumentNullException.ThrowIfNull(routes);
        ArgumentOutOfRangeException.ThrowIfZero(routes.Count);
        _routes = routes;
        _metrics = metrics;
    }

    public IReadOnlyList<ModelRoute> Routes => _routes;

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var failures = new List<Exception>();
        for (int i = 0; i < _routes.Count; i++)
        {
            ModelRoute route = _routes[i];
            try
            {
                ChatResponse response = await route.Client.GetResponseAsync(messages, ForRoute(options, route), cancellationToken).ConfigureAwait(false);
                Mark(options, route, i);
                return response;
            }
            catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
            {
                failures.Add(ex);
                NoteFallback(route, ex, i);
            }
        }

        throw Unavailable(failures);
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var failures = new List<Exception>();
        for (int i = 0; i < _routes.Count; i++)
        {
            ModelRoute route = _routes[i];
            (IAsyncEnumerator<ChatResponseUpdate>? stream, Exception? failure) = await StartAsync(route, messages, options, cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                failures.Add(failure);
                NoteFallback(route, failure, i);
                continue;
            }

            if (stream is null)
            {
                yield break;
            }

            try
            {
                Mark(options, route, i);
                yield return stream.Current;
                while (await stream.MoveNextAsync().ConfigureAwait(false))
                {
                    yield return stream.Current;
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }

            yield break;
        }

        throw Unavailable(failures);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceType == typeof(FallbackChatClient) ? this : _routes[0].Client.GetService(serviceType, serviceKey);

    public void Dispose()
    {
        foreach (ModelRoute route in _routes)
        {
            route.Client.Dispose();
        }
    }

    private static async Task<(IAsyncEnumerator<ChatResponseUpdate>? Stream, Exception? Failure)> StartAsync(
        ModelRoute route, IEnumerable<ChatMessage> messages, ChatOptions? options, CancellationToken cancellationToken)
    {
        IAsyncEnumerator<ChatResponseUpdate> stream = route.Client.GetStreamingResponseAsync(messages, ForRoute(options, route), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            if (await stream.MoveNextAsync().ConfigureAwait(false))
            {
                return (stream, null);
            }

            await stream.DisposeAsync().ConfigureAwait(false);
            return (null, null);
        }
        catch (Exception ex) when (IsUnavailable(ex, cancellationToken))
        {
            await stream.DisposeAsync().ConfigureAwait(false);
            return (null, ex);
        }
    }

    private static ChatOptions? ForRoute(ChatOptions? options, ModelRoute route)
    {
        ChatOptions routed = options?.Clone() ?? new ChatOptions();
        routed.ModelId = route.Model;
        return routed;
    }

    /// <summary>Tells the call which route answered.</summary>
    private static void Mark(ChatOptions? options, ModelRoute route, int index)
    {
        if (Pipeline.ModelCall.Of(options) is { } call)
        {
            call.AnsweredBy = new ModelRef(route.Provider, route.Model);
            call.AnsweredByFallback = index > 0;
        }
    }

    private static bool IsUnavailable(Exception exception, CancellationToken cancellationToken) =>
        !cancellationToken.IsCancellationRequested
        && (exception is BrokenCircuitException or RateLimiterRejectedException or TimeoutRejectedException
            || (exception is not OperationCanceledException && ProviderFailures.Classify(exception).Transient));

    private void NoteFallback(ModelRoute route, Exception failure, int index)
    {
        if (index < _routes.Count - 1)
        {
            string reason = failure switch
            {
                BrokenCircuitException => "circuit_open",
                RateLimiterRejectedException => "bulkhead_full",
                TimeoutRejectedException => "timeout",
                _ => ProviderFailures.Classify(failure).Reason,
            };
            _metrics.Fallback(route.Provider, route.Model, reason);
        }
    }

    private static ModelsUnavailableException Unavailable(List<Exception> failures)
    {
        TimeSpan retryAfter = TimeSpan.FromSeconds(5);
        foreach (Exception failure in failures)
        {
            if (failure is BrokenCircuitException { RetryAfter: { } open } && open > TimeSpan.Zero)
            {
                retryAfter = open < retryAfter || retryAfter == TimeSpan.FromSeconds(5) ? open : retryAfter;
            }
        }

        return new ModelsUnavailableException("No model of this agent can answer now.", retryAfter, failures.LastOrDefault());
    }
}
