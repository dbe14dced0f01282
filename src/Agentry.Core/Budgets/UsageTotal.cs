namespace Agentry.Core.Budgets;

/// <summary>Usage summed over one UTC day, agent and model.</summary>
public sealed record UsageTotal(string Day, string Agent, string Model, long Calls, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, decimal CostUsd);
