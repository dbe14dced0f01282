using System.Buffers.Text;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Agentry.Bench.Scenarios;

/// <summary>
/// The client key the load is sent with: the service runs in Production, where every run is authenticated and
/// rate-limited, as in a deployment. Made fresh per bench run, in the service's key format; only its SHA-256 goes
/// to the service. Its limits are far above the load, so the limits are checked on every run but never refuse one.
/// </summary>
internal static class BenchApiKey
{
    private const string Id = "benchkey0001";

    public static string Key { get; } = $"agk_{Id}_{Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32))}";

    public static AuthenticationHeaderValue Header { get; } = new("Bearer", Key);

    public static IEnumerable<KeyValuePair<string, string>> ServiceSettings()
    {
        string prefix = $"Security__ApiKeys__{Id}__";
        yield return new(prefix + "Tenant", "bench");
        yield return new(prefix + "Sha256", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Key))));
        yield return new(prefix + "RequestsPerMinute", "100000000");
        yield return new(prefix + "TokensPerMinute", "2000000000");
    }
}
