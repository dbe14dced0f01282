namespace Agentry.Core.Budgets;

/// <summary>What one model call used and cost, for the usage API.</summary>
public sealed record UsageRecord(string Agent, string Model, long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, decimal CostUsd);
