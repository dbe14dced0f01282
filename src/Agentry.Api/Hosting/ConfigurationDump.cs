using System.Text.Json;
using System.Text.RegularExpressions;

namespace Agentry.Api.Hosting;

/// <summary>
/// <c>GET /config</c> on the management port: the effective configuration, for "what is this pod running with?".
/// Values of secret-looking settings (keys, secrets, passwords, tokens, hashes) are replaced by <c>***</c>, and so is
/// a password inside a connection string; file paths of secrets stay visible, their contents are never read here.
/// </summary>
internal static partial class ConfigurationDump
{
    public const string Redacted = "***";

    public static IEndpointConventionBuilder MapConfigurationDump(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/config", (IConfiguration configuration) =>
        {
            var settings = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach ((string key, string? value) in configuration.AsEnumerable())
            {
                if (value is not null)
                {
                    settings[key] = Redact(key, value);
                }
            }

            return Results.Text(JsonSerializer.Serialize(settings, ConfigurationDumpJson.Default.SortedDictionaryStringString), "application/json");
        }).ExcludeFromDescription();

    public static string Redact(string key, string value)
    {
        if (value.Length == 0)
        {
            return value;
        }

        if (SecretName().IsMatch(key))
        {
            return Redacted;
        }

        return ConnectionPassword().Replace(value, m => m.Groups[1].Value + Redacted);
    }

    [GeneratedRegex(@"(?:apikey|api_key|secret|password|passwd|token|sha256|credential|privatekey)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"((?:^|[,;])\s*(?:password|pwd)\s*=)[^,;]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ConnectionPassword();
}

[System.Text.Json.Serialization.JsonSerializable(typeof(SortedDictionary<string, string>))]
internal sealed partial class ConfigurationDumpJson : System.Text.Json.Serialization.JsonSerializerContext;
