using System.ComponentModel.DataAnnotations;

namespace Agentry.Providers.Simulator;

/// <summary>The <c>Simulator</c> configuration section: how the offline model behaves.</summary>
public sealed class SimulatorOptions
{
    public const string SectionName = "Simulator";

    /// <summary>Delay before the first token (or before the whole answer when not streaming).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>Output pace when streaming; 0 sends all tokens at once.</summary>
    [Range(0, 1_000_000)]
    public double TokensPerSecond { get; set; }

    /// <summary>Injected faults (<c>Simulator:Faults:*</c>); none by default.</summary>
    public SimulatorFaultOptions Faults { get; } = new();
}
