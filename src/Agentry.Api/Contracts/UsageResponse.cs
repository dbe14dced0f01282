namespace Agentry.Api.Contracts;

public sealed record UsageResponse(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens, long TotalTokens);
