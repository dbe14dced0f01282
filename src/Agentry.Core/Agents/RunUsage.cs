namespace Agentry.Core.Agents;

/// <summary>Tokens of one model call or a whole run. Input excludes cache reads and writes, as Anthropic reports it.</summary>
public readonly record struct RunUsage(long InputTokens, long OutputTokens, long CacheReadTokens, long CacheWriteTokens)
{
    public long TotalTokens => InputTokens + OutputTokens + CacheReadTokens + CacheWriteTokens;

    public static RunUsage operator +(RunUsage a, RunUsage b) => new(
        a.InputTokens + b.InputTokens,
        a.OutputTokens + b.OutputTokens,
        a.CacheReadTokens + b.CacheReadTokens,
        a.CacheWriteTokens + b.CacheWriteTokens);

    public static RunUsage Add(RunUsage left, RunUsage right) => left + right;
}
