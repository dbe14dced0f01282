using System.ComponentModel.DataAnnotations;

namespace Agentry.Api.Security;

/// <summary>The <c>Security</c> configuration section: client API keys and their default limits.</summary>
public sealed class SecurityOptions
{
    public const string SectionName = "Security";

    /// <summary>Keys from configuration, by public id. Each holds the key's SHA-256 or a file with the key in it.</summary>
    public IDictionary<string, ConfiguredApiKey> ApiKeys { get; } = new Dictionary<string, ConfiguredApiKey>(StringComparer.Ordinal);

    /// <summary>A JSON file (a mounted secret) with more configuration, typically <c>{"Security":{"ApiKeys":{...}}}</c>.</summary>
    public string? KeysFile { get; set; }

    /// <summary>In Development with no keys configured, anonymous calls from loopback are accepted (said at start-up).</summary>
    public bool AllowAnonymousInDevelopment { get; set; } = true;

    /// <summary>Development only: anonymous callers from any address, for a containerised development stack.</summary>
    public bool AllowAnonymousFromAnyAddress { get; set; }

    /// <summary>How long a replica trusts a looked-up admin-made key; a revocation reaches every replica within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan KeyCacheDuration { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Limits of keys that set none of their own (0: no limit).</summary>
    [Range(0, 1_000_000)]
    public int DefaultRequestsPerMinute { get; set; } = 600;

    [Range(0, 1_000_000_000)]
    public int DefaultTokensPerMinute { get; set; } = 2_000_000;
}

/// <summary>One key in configuration.</summary>
public sealed class ConfiguredApiKey
{
    public string Tenant { get; set; } = "";

    /// <summary>Lower-case hex SHA-256 of the key (<c>Agentry.Api --new-api-key</c> prints one).</summary>
    public string? Sha256 { get; set; }

    /// <summary>A file holding the key itself (a mounted secret); it is hashed at start-up and not kept.</summary>
    public string? KeyFile { get; set; }

    public string Name { get; set; } = "";

    public IList<string> Agents { get; } = [];

    public bool Admin { get; set; }

    public int RequestsPerMinute { get; set; }

    public int TokensPerMinute { get; set; }
}
