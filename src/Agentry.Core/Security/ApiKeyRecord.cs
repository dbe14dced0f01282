namespace Agentry.Core.Security;

/// <summary>
/// One client API key as the service keeps it: the SHA-256 of the key, never the key itself, bound to a tenant,
/// the agents it may run (empty: all), whether it may call the admin API, and its rate limits (0: the default).
/// </summary>
public sealed record ApiKeyRecord
{
    public required string Id { get; init; }

    public required string Tenant { get; init; }

    /// <summary>Lower-case hex SHA-256 of the whole key string.</summary>
    public required string Sha256 { get; init; }

    public string Name { get; init; } = "";

    public IReadOnlyList<string> Agents { get; init; } = [];

    public bool Admin { get; init; }

    public int RequestsPerMinute { get; init; }

    public int TokensPerMinute { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary><c>config</c> for keys from configuration (read-only), <c>admin</c> for keys made through the admin API.</summary>
    public string Source { get; init; } = "admin";

    public bool MayRun(string agent) => Agents.Count == 0 || Agents.Contains(agent, StringComparer.Ordinal);
}
