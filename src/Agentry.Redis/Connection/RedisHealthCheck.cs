using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Polly.CircuitBreaker;

namespace Agentry.Redis.Connection;

/// <summary>Redis in the detailed health report: reachable or not, its latency and the circuit state. Not part of readiness.</summary>
public sealed class RedisHealthCheck(RedisConnection connection, RedisGuard guard) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["endpoint"] = connection.Endpoint,
            ["circuit"] = guard.State.ToString(),
        };
        try
        {
            TimeSpan latency = await connection.Database.PingAsync().WaitAsync(TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 3).ToString(CultureInfo.InvariantCulture);
            return guard.State == CircuitState.Open
                ? HealthCheckResult.Degraded("Redis answers but its circuit is still open", data: data)
                : HealthCheckResult.Healthy("Redis reachable", data);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            data["error"] = ex.GetType().Name;
            return HealthCheckResult.Unhealthy("Redis unreachable", data: data);
        }
    }
}
