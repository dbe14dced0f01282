namespace Agentry.Providers.Simulator;

/// <summary>
/// A prompt-cache breakpoint of one request: the hash of the prompt up to it, its length in tokens, and where it
/// stood (<c>tools</c>, <c>system</c> or <c>messages</c>).
/// </summary>
public readonly record struct CacheBreakpoint(string Key, int Tokens, string Location);
