namespace Agentry.Providers.Simulator;

/// <summary>The misbehaviour drawn for one call.</summary>
public enum SimulatedFault
{
    None,
    RateLimit,
    ServerError,
    Overloaded,
    Timeout,
    ConnectionReset,
    StreamCut,
    SlowFirstToken,
}
