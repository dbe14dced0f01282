using System.Text.RegularExpressions;

namespace Agentry.Api.Security;

/// <summary>Tenant names: short, lower-case, safe inside a Redis key and a log line.</summary>
internal static partial class Tenants
{
    public static bool IsValid(string? tenant) => tenant is not null && Pattern().IsMatch(tenant);

    [GeneratedRegex("^[a-z0-9][a-z0-9_.-]{0,62}$")]
    private static partial Regex Pattern();
}
