namespace Agentry.Bench.PassThrough;

/// <summary>The answer of a run.</summary>
internal sealed record RunAnswer(string Output, string StopReason, long InputTokens, long OutputTokens);
