namespace Agentry.Simulator;

/// <summary>The token counts of one reply as Anthropic reports them, cache fields included.</summary>
internal readonly record struct WireUsage(int InputTokens, int OutputTokens, int CacheCreationInputTokens, int CacheReadInputTokens);
