using Agentry.Core.Telemetry;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Agentry.Core.Resilience;

/// <summary>
/// How every circuit breaker (each model route's, Redis's) reports its state: the <c>agent_circuit_breaker_state</c>
/// gauge and one warning log line per change ("Circuit changed state", fields <c>circuit</c>, <c>state</c>,
/// <c>break_seconds</c>).
/// </summary>
public static partial class CircuitReporting
{
    /// <summary>Sets the three state callbacks of <paramref name="options"/> and reports the circuit closed.</summary>
    public static CircuitBreakerStrategyOptions ReportedAs(
        this CircuitBreakerStrategyOptions options, string circuit, AgentryMetrics metrics, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(metrics);
        options.Name = circuit;
        options.OnOpened = args =>
        {
            LogCircuitChanged(logger, circuit, "open", args.BreakDuration.TotalSeconds);
            metrics.CircuitState(circuit, CircuitStateValue.Open);
            return ValueTask.CompletedTask;
        };
        options.OnHalfOpened = _ =>
        {
            LogCircuitChanged(logger, circuit, "half-open", 0);
            metrics.CircuitState(circuit, CircuitStateValue.HalfOpen);
            return ValueTask.CompletedTask;
        };
        options.OnClosed = _ =>
        {
            LogCircuitChanged(logger, circuit, "closed", 0);
            metrics.CircuitState(circuit, CircuitStateValue.Closed);
            return ValueTask.CompletedTask;
        };
        metrics.CircuitState(circuit, CircuitStateValue.Closed);
        return options;
    }

    /// <summary>The state as the health report and the log name it.</summary>
    public static string Describe(CircuitState state) => state switch
    {
        CircuitState.Closed => "closed",
        CircuitState.HalfOpen => "half-open",
        CircuitState.Open => "open",
        CircuitState.Isolated => "isolated",
        _ => "unknown",
    };

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "Circuit changed state")]
    private static partial void LogCircuitChanged(ILogger logger, string circuit, string state, double breakSeconds);
}
