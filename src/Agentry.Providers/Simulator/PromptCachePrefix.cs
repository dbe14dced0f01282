using System.Security.Cryptography;
using System.Text;

namespace Agentry.Providers.Simulator;

/// <summary>
/// Reads a prompt in Anthropic's cache order (tools, system, messages) and notes a <see cref="CacheBreakpoint"/>
/// wherever the client placed one, keyed by the hash of everything before it.
/// </summary>
public sealed class PromptCachePrefix : IDisposable
{
    private static readonly byte[] Separator = [0x1f];
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private readonly List<CacheBreakpoint> _breakpoints = [];
    private long _chars;

    public IReadOnlyList<CacheBreakpoint> Breakpoints => _breakpoints;

    public void Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _hash.AppendData(Encoding.UTF8.GetBytes(text));
        _hash.AppendData(Separator);
        _chars += text.Length;
    }

    /// <summary>A breakpoint after what was appended so far; tokens at the engine's four characters a token.</summary>
    public void Mark(string location) =>
        _breakpoints.Add(new CacheBreakpoint(Convert.ToHexString(_hash.GetCurrentHash()), (int)Math.Min(int.MaxValue, (_chars + 3) / 4), location));

    public void Dispose() => _hash.Dispose();
}
