using System.ComponentModel.DataAnnotations;
using Agentry.Core.Caching;

namespace Agentry.Core.Agents;

/// <summary>One agent as configured under <c>Agents:{name}</c>.</summary>
public sealed class AgentDefinition
{
    /// <summary>Filled from the configuration key; not bound.</summary>
    public string Name { get; set; } = "";

    [MaxLength(500)]
    public string Description { get; set; } = "";

    /// <summary><c>auto</c> (Anthropic when a key is configured, else the simulator), <c>anthropic</c>, <c>openai</c> or <c>simulator</c>.</summary>
    public string Provider { get; set; } = "auto";

    [Required]
    public string Model { get; set; } = "claude-sonnet-4-5";

    /// <summary>Models tried in order when the primary is unavailable, written <c>model</c> or <c>provider/model</c>.</summary>
    public IList<string> FallbackModels { get; } = [];

    [MaxLength(100_000)]
    public string SystemPrompt { get; set; } = "";

    /// <summary>Names of registered tools this agent may call.</summary>
    public IList<string> Tools { get; } = [];

    /// <summary>Output token limit of one model call.</summary>
    [Range(1, 128_000)]
    public int MaxTokens { get; set; } = 1024;

    [Range(0.0, 2.0)]
    public double? Temperature { get; set; }

    /// <summary>Model calls one run may make.</summary>
    [Range(1, 100)]
    public int MaxIterations { get; set; } = 8;

    /// <summary>Input plus output tokens one run may use across all its model calls; 0 means no limit.</summary>
    [Range(0, 10_000_000)]
    public int MaxTotalTokens { get; set; } = 200_000;

    /// <summary>USD one run may spend across its model calls; 0 means no limit.</summary>
    [Range(0, 1000)]
    public decimal MaxCostUsd { get; set; }

    /// <summary>Wall-clock limit of one run.</summary>
    public TimeSpan RunDeadline { get; set; } = TimeSpan.FromSeconds(120);

    /// <summary>
    /// Provider prompt caching of the tool definitions and the system prompt (Anthropic <c>cache_control</c>): cache
    /// reads cost a tenth of the input price, cache writes 1.25 times it. On by default; prompts shorter than the
    /// provider's minimum (1024 tokens on most Claude models) are not cached and cost the same either way.
    /// </summary>
    public bool PromptCaching { get; set; } = true;

    /// <summary>Exact-match replay of model answers (<c>Agents:{name}:ResponseCache:Enabled</c>, <c>:TimeToLive</c>).</summary>
    public AgentResponseCacheSettings ResponseCache { get; } = new();

    /// <summary>Input and output moderation rules (<c>Agents:{name}:Moderation:Input:0:Rule</c>, <c>:Action</c>, <c>:Blocklist</c>).</summary>
    public Moderation.ModerationSettings Moderation { get; } = new();

    /// <summary>Limit of one tool call.</summary>
    public TimeSpan ToolTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
