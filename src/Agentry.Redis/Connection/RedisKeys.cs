namespace Agentry.Redis.Connection;

/// <summary>
/// Key layout. Every key of a tenant carries the tenant as its hash tag (<c>agentry:{tenant}:…</c>), so all
/// keys one Lua script touches live in one Redis Cluster slot.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix => prefix;

    public string Session(string tenant, string id) => $"{prefix}:{{{Tag(tenant)}}}:session:{id}";

    public string SessionTurns(string tenant, string id) => $"{prefix}:{{{Tag(tenant)}}}:session:{id}:turns";

    public string ResponseCache(string tenant, string hash) => $"{prefix}:{{{Tag(tenant)}}}:cache:{hash}";

    public string Idempotency(string tenant, string keyHash) => $"{prefix}:{{{Tag(tenant)}}}:idem:{keyHash}";

    public string BudgetDay(string tenant, string day) => $"{prefix}:{{{Tag(tenant)}}}:budget:d:{day}";

    public string BudgetMonth(string tenant, string month) => $"{prefix}:{{{Tag(tenant)}}}:budget:m:{month}";

    public string BudgetLimits(string tenant) => $"{prefix}:{{{Tag(tenant)}}}:budget:limits";

    public string Usage(string tenant, string day) => $"{prefix}:{{{Tag(tenant)}}}:usage:{day}";

    public string RateLimitRequests(string tenant, string keyId) => $"{prefix}:{{{Tag(tenant)}}}:rl:{keyId}:rpm";

    public string RateLimitTokens(string tenant, string keyId) => $"{prefix}:{{{Tag(tenant)}}}:rl:{keyId}:tpm";

    /// <summary>Admin-made API keys are not a tenant's data: they live under their own hash tag.</summary>
    public string ApiKey(string id) => $"{prefix}:{{keys}}:key:{id}";

    public string ApiKeyIndex => $"{prefix}:{{keys}}:index";

    /// <summary>The audit stream, one for the whole deployment.</summary>
    public string AuditStream => $"{prefix}:{{audit}}:stream";

    // Braces inside a tenant name would move the hash tag; tenants are validated elsewhere, this is the backstop.
    private static string Tag(string tenant) => tenant.Replace('{', '_').Replace('}', '_');
}
