namespace Agentry.Core.Telemetry;

/// <summary>Values of <c>agent_circuit_breaker_state</c>.</summary>
public enum CircuitStateValue
{
    Closed = 0,
    HalfOpen = 1,
    Open = 2,
}
