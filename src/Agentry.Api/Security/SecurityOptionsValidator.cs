using Agentry.Core.Security;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Security;

/// <summary>
/// Start-up checks of the <c>Security</c> section. Outside Development, a service with no API key configured
/// refuses to start: an open agent endpoint spends someone's money.
/// </summary>
internal sealed class SecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<SecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, SecurityOptions options)
    {
        var failures = new List<string>();
        foreach ((string id, ConfiguredApiKey key) in options.ApiKeys)
        {
            string setting = $"Security:ApiKeys:{id}";
            if (!ApiKeyFormat.IsId(id))
            {
                failures.Add($"{setting}: a key id is 12 characters of a-z and 0-9 (the part after 'agk_'; Agentry.Api --new-api-key makes one).");
            }

            if (!Tenancy.IsValid(key.Tenant))
            {
                failures.Add($"{setting}:Tenant must be 1 to 63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit.");
            }

            if (key.Sha256 is null == (key.KeyFile is null))
            {
                failures.Add($"{setting}: set exactly one of Sha256 (the key's SHA-256, hex) and KeyFile (a file holding the key).");
            }
            else if (key.Sha256 is { } hash && (hash.Length != 64 || !hash.All(Uri.IsHexDigit)))
            {
                failures.Add($"{setting}:Sha256 must be 64 hex digits.");
            }
            else if (key.KeyFile is { } file && !File.Exists(file))
            {
                failures.Add($"{setting}:KeyFile '{file}' does not exist.");
            }
            else if (key.KeyFile is { } keyFile && ApiKeyFormat.IdOf(File.ReadAllText(keyFile).Trim()) != id)
            {
                failures.Add($"{setting}:KeyFile does not hold a key with id '{id}'.");
            }

            if (key.RequestsPerMinute < 0 || key.TokensPerMinute < 0)
            {
                failures.Add($"{setting}: RequestsPerMinute and TokensPerMinute are 0 (the default) or positive.");
            }
        }

        if (options.ApiKeys.Count == 0 && !(environment.IsDevelopment() && options.AllowAnonymousInDevelopment))
        {
            failures.Add("Security:ApiKeys: no API key is configured, and outside Development every request needs one. "
                + "Make a key with 'Agentry.Api --new-api-key <tenant>' and set Security:ApiKeys:<id>:Tenant and :Sha256 (or :KeyFile), "
                + "or mount a keys file and set Security:KeysFile.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
