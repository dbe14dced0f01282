using System.Security.Cryptography;
using System.Text.Json;
using Agentry.Api.Contracts;

namespace Agentry.Api.Http;

/// <summary>The <c>Idempotency-Key</c> header: its rules and the fingerprint of the request it guards.</summary>
internal static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    /// <summary>The key, null when absent; a problem when present but malformed (1 to 255 printable ASCII characters).</summary>
    public static (string? Key, IResult? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(Header, out Microsoft.Extensions.Primitives.StringValues values))
        {
            return (null, null);
        }

        string? key = values.Count == 1 ? values[0] : null;
        if (string.IsNullOrEmpty(key) || key.Length > 255 || key.Any(c => c is < '!' or > '~'))
        {
            return (null, Problems.BadRequest("The Idempotency-Key header must be one value of 1 to 255 printable ASCII characters.", Header));
        }

        return (key, null);
    }

    /// <summary>What makes two requests "the same": the agent and every field of the body.</summary>
    public static string Fingerprint(string agent, RunRequestBody body)
    {
        // The default (strict) escaping, as when the key was first stored: a fingerprint must not change with the answer encoder.
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(body, ApiJsonContext.Default.RunRequestBody);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(System.Text.Encoding.UTF8.GetBytes(agent));
        hash.AppendData(json);
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
