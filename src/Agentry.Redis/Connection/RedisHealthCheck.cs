using System.Globalization;
using Agentry.Core.Resilience;
using Agentry.Core.Stores;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Agentry.Redis.Connection;

/// <summary>
/// Redis in the detailed health report: reachable or not, its latency and the circuit state. Not part of
/// readiness. The ping goes through the circuit breaker, so a report taken after Redis returns is also the
/// probe that closes the circuit.
/// </summary>
public sealed class RedisHealthCheck(RedisGuard guard) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal) { ["endpoint"] = guard.Endpoint };
        try
        {
            TimeSpan latency = await guard.ExecuteAsync("ping", db => db.PingAsync(), cancellationToken).ConfigureAwait(false);
            data["latency_ms"] = Math.Round(latency.TotalMilliseconds, 3).ToString(CultureInfo.InvariantCulture);
            data["circuit"] = CircuitReporting.Describe(guard.State);
            return HealthCheckResult.Healthy("Redis reachable", data);
        }
        catch (StoreUnavailableException ex)
        {
            data["circuit"] = CircuitReporting.Describe(guard.State);
            data["error"] = ex.Message;
            return HealthCheckResult.Unhealthy("Redis unreachable", data: data);
        }
    }
}
