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

    /// <summary>
    /// Shortest prefix, in tokens, that prompt caching stores; shorter ones are answered uncached, as Anthropic does
    /// (1024 tokens on most Claude models).
    /// </summary>
    [Range(0, 1_000_000)]
    public int PromptCacheMinimumTokens { get; set; } = 1024;

    /// <summary>How long a cached prompt prefix lives after its last use (Anthropic's default: 5 minutes).</summary>
    public TimeSpan PromptCacheTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Injected faults (<c>Simulator:Faults:*</c>); none by default.</summary>
    public SimulatorFaultOptions Faults { get; } = new();
}
