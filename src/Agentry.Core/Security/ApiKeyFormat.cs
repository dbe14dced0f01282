using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace Agentry.Core.Security;

/// <summary>
/// Keys look like <c>agk_&lt;id&gt;_&lt;secret&gt;</c>: a 12-character public id (to find the record in one lookup)
/// and 32 random bytes in base64url. Only the SHA-256 of the whole string is stored; comparison is constant time.
/// </summary>
public static class ApiKeyFormat
{
    public const string Prefix = "agk_";
    private const int IdLength = 12;
    private const int SecretLength = 43;
    public const int Length = 4 + IdLength + 1 + SecretLength;
    private const string IdAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";

    public static (string Id, string Key) Generate()
    {
        string id = RandomNumberGenerator.GetString(IdAlphabet, IdLength);
        string secret = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        return (id, $"{Prefix}{id}_{secret}");
    }

    /// <summary>The id part of a well-formed key, or null: malformed keys are refused before any lookup.</summary>
    public static string? IdOf(ReadOnlySpan<char> key)
    {
        if (key.Length != Length || !key.StartsWith(Prefix, StringComparison.Ordinal) || key[4 + IdLength] != '_')
        {
            return null;
        }

        ReadOnlySpan<char> id = key.Slice(4, IdLength);
        foreach (char c in id)
        {
            if (IdAlphabet.IndexOf(c, StringComparison.Ordinal) < 0)
            {
                return null;
            }
        }

        foreach (char c in key[(4 + IdLength + 1)..])
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
            {
                return null;
            }
        }

        return id.ToString();
    }

    public static bool IsId(string id) => id.Length == IdLength && id.All(c => IdAlphabet.Contains(c, StringComparison.Ordinal));

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>Whether <paramref name="key"/> hashes to <paramref name="sha256Hex"/>, in time that does not depend on where they differ.</summary>
    public static bool Matches(string key, string sha256Hex)
    {
        Span<byte> presented = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(key), presented);
        Span<byte> expected = stackalloc byte[32];
        return Convert.FromHexString(sha256Hex, expected, out _, out int written) == System.Buffers.OperationStatus.Done
            && written == 32
            && CryptographicOperations.FixedTimeEquals(presented, expected);
    }
}
