using Agentry.Core.Agents;

namespace Agentry.Core.Budgets;

/// <summary>
/// What the budget layer settled for one model call (<see cref="Pipeline.ModelCall.Receipt"/>). When the call ends
/// without an answer (the client went away, the deadline passed, the stream was cut), the runner accounts what the
/// receipt holds: the run's totals, the metrics and the usage record then agree on one figure.
/// </summary>
public sealed class UsageReceipt
{
    public bool Settled { get; private set; }

    public string Model { get; private set; } = "";

    public RunUsage Usage { get; private set; }

    /// <summary>True when the provider's usage report never came and <see cref="Usage"/> is an estimate.</summary>
    public bool Estimated { get; private set; }

    internal void Settle(string model, RunUsage usage, bool estimated)
    {
        Model = model;
        Usage = usage;
        Estimated = estimated;
        Settled = true;
    }
}
