namespace Agentry.Core.Caching;

/// <summary>
/// An agent's response cache: off by default, because only deterministic agents (temperature 0, no
/// time-dependent tools) give answers worth replaying.
/// </summary>
public sealed class AgentResponseCacheSettings
{
    public bool Enabled { get; set; }

    public TimeSpan TimeToLive { get; set; } = TimeSpan.FromHours(1);
}
