using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Agentry.Providers.Simulator;

/// <summary>
/// Reads a prompt in Anthropic's cache order (tools, system, messages) and notes a <see cref="CacheBreakpoint"/>
/// wherever the client placed one, keyed by the hash of everything before it. Segments are only hashed when a
/// breakpoint follows them, so a request without <c>cache_control</c> (every load-test request) costs nothing.
/// </summary>
public sealed class PromptCachePrefix : IDisposable
{
    private static readonly byte[] Separator = [0x1f];
    private readonly List<(string? Text, JsonElement Element)> _pending = [];
    private readonly List<CacheBreakpoint> _breakpoints = [];
    private IncrementalHash? _hash;
    private long _chars;

    public IReadOnlyList<CacheBreakpoint> Breakpoints => _breakpoints;

    public void Append(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _pending.Add((text, default));
    }

    /// <summary>A JSON block as its raw text; read only if a breakpoint follows.</summary>
    public void Append(JsonElement element) => _pending.Add((null, element));

    /// <summary>A breakpoint after what was appended so far; tokens at the engine's four characters a token.</summary>
    public void Mark(string location)
    {
        _hash ??= IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach ((string? text, JsonElement element) in _pending)
        {
            string segment = text ?? element.GetRawText();
            _hash.AppendData(Encoding.UTF8.GetBytes(segment));
            _hash.AppendData(Separator);
            _chars += segment.Length;
        }

        _pending.Clear();
        _breakpoints.Add(new CacheBreakpoint(Convert.ToHexString(_hash.GetCurrentHash()), (int)Math.Min(int.MaxValue, (_chars + 3) / 4), location));
    }

    public void Dispose() => _hash?.Dispose();
}
