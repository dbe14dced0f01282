using System.Text.Json;
using Agentry.Testing;

namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// The agent's secret files as the Compose file and the Deployment mount them: <c>anthropic-api-key</c> (empty: the
/// built-in simulator answers) and <c>api-keys.json</c> holding one client key's SHA-256, in a folder of their own.
/// </summary>
internal sealed class SecretFiles : IDisposable
{
    public SecretFiles(TestApiKey key, bool admin = false)
    {
        Folder = Directory.CreateTempSubdirectory("agentry-secrets-").FullName;
        File.WriteAllText(AnthropicKey, "");
        File.WriteAllText(KeysFile, KeysFileJson(key, admin));
        foreach (string file in new[] { AnthropicKey, KeysFile })
        {
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        File.SetUnixFileMode(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
    }

    public string Folder { get; }

    public string AnthropicKey => Path.Combine(Folder, "anthropic-api-key");

    public string KeysFile => Path.Combine(Folder, "api-keys.json");

    /// <summary>The keys file's JSON (<c>{"Security":{"ApiKeys":{…}}}</c>), as <c>--new-api-key</c> prints it.</summary>
    public static string KeysFileJson(TestApiKey key, bool admin)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["Tenant"] = key.Tenant,
            ["Sha256"] = Agentry.Core.Security.ApiKeyFormat.Hash(key.Key),
            ["Admin"] = admin,
        };
        return JsonSerializer.Serialize(new { Security = new { ApiKeys = new Dictionary<string, object> { [key.Id] = entry } } });
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
