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

    public string Usage(string tenant, string day) => $"{prefix}:{{{Tag(tenant)}}}:usage:{day}";

    // Braces inside a tenant name would move the hash tag; tenants are validated elsewhere, this is the backstop.
    private static string Tag(string tenant) => tenant.Replace('{', '_').Replace('}', '_');
}
