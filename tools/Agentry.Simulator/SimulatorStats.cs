namespace Agentry.Simulator;

/// <summary>Counters a test or benchmark reads to know how many calls actually reached the simulator.</summary>
public sealed class SimulatorStats
{
    private long _requests;

    /// <summary>Calls to <c>POST /v1/messages</c>, including rejected ones.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    internal void RecordRequest() => Interlocked.Increment(ref _requests);
}
