using System.Text.RegularExpressions;

namespace Agentry.Core.Security;

/// <summary>Tenant names: short, lower-case, safe inside a Redis key and a log line; the one rule and the one default.</summary>
public static partial class Tenancy
{
    /// <summary>The tenant of anonymous Development callers and of calls made with no tenant.</summary>
    public const string Default = "default";

    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,62}$")]
    private static partial Regex Pattern();
}
