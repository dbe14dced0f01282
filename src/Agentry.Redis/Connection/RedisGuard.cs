using Agentry.Core.Resilience;
using Agentry.Core.Stores;
using Agentry.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;
using StackExchange.Redis;

namespace Agentry.Redis.Connection;

/// <summary>
/// Every Redis call goes through here: a timeout so no request waits long on Redis, and a circuit breaker
/// so a dead Redis is not called at all until a probe succeeds. Failures surface as
/// <see cref="StoreUnavailableException"/>, which the API turns into 503 with Retry-After (or, for the
/// response cache, into a miss).
/// </summary>
public sealed class RedisGuard
{
    public const string CircuitName = "redis";

    private readonly RedisConnection _connection;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private readonly AgentryMetrics _metrics;

    public RedisGuard(RedisConnection connection, IOptions<RedisOptions> options, AgentryMetrics metrics, TimeProvider time, ILogger<RedisGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _connection = connection;
        _metrics = metrics;
        RedisOptions settings = options.Value;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.SamplingDuration,
                BreakDuration = settings.BreakDuration,
                StateProvider = _state,
                ShouldHandle = new PredicateBuilder().Handle<RedisException>().Handle<TimeoutRejectedException>(),
            }.ReportedAs(CircuitName, metrics, logger))
            .AddTimeout(settings.OperationTimeout)
            .Build();
    }

    public CircuitState State => _state.CircuitState;

    public RedisKeys Keys => _connection.Keys;

    public string Endpoint => _connection.Endpoint;

    public string Prefix => _connection.Keys.Prefix;

    public IConnectionMultiplexer Multiplexer => _connection.Multiplexer;

    /// <summary>Runs one Redis round trip (one command, one script or one batch) under the timeout and breaker.</summary>
    public async Task<T> ExecuteAsync<T>(string operation, Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            T result = await _pipeline.ExecuteAsync(
                static async (state, token) => await state.call(state.database).WaitAsync(token).ConfigureAwait(false),
                (call, database: _connection.Database),
                cancellationToken).ConfigureAwait(false);
            _metrics.RedisCall(operation, "ok");
            return result;
        }
        catch (BrokenCircuitException ex)
        {
            _metrics.RedisCall(operation, "circuit_open");
            throw new StoreUnavailableException("Redis is unavailable (circuit open).", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            _metrics.RedisCall(operation, "timeout");
            throw new StoreUnavailableException("Redis did not answer in time.", ex);
        }
        catch (RedisException ex)
        {
            _metrics.RedisCall(operation, "error");
            throw new StoreUnavailableException("Redis failed.", ex);
        }
    }
}
