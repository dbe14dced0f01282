namespace Agentry.Bench.Scenarios;

/// <summary>What one measured run asks of the service.</summary>
internal enum RunShape
{
    /// <summary>One model call, no tool, answered as JSON.</summary>
    SingleTurn,

    /// <summary>One model call streamed as Server-Sent Events; time to first token is measured.</summary>
    Streaming,

    /// <summary>Two model calls with two tools run in parallel between them (calculator and clock).</summary>
    TwoTools,

    /// <summary>An identical request to a response-cached agent: answered without the model.</summary>
    CacheHit,

    /// <summary>A turn of a conversation (session, eight turns each) with a unique Idempotency-Key.</summary>
    SessionTurn,
}
