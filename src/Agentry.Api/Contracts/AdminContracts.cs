namespace Agentry.Api.Contracts;

/// <summary>Body of <c>POST /v1/admin/keys</c>.</summary>
public sealed class CreateApiKeyBody
{
    public string? Tenant { get; set; }

    public string? Name { get; set; }

    /// <summary>Agents the key may run; empty or absent: all.</summary>
    public string[]? Agents { get; set; }

    public bool? Admin { get; set; }

    public int? RequestsPerMinute { get; set; }

    public int? TokensPerMinute { get; set; }
}

/// <summary>An API key without its secret; <see cref="Key"/> is set once, in the answer that created it.</summary>
public sealed record ApiKeyResponse(
    string Id,
    string Tenant,
    string Name,
    IReadOnlyList<string> Agents,
    bool Admin,
    int RequestsPerMinute,
    int TokensPerMinute,
    DateTimeOffset CreatedAt,
    string Source,
    string? Key = null);

public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Keys);

/// <summary>Answer of <c>GET /v1/admin/usage</c>: every known tenant's usage report.</summary>
public sealed record AdminUsageResponse(string From, string To, IReadOnlyList<UsageReport> Tenants);

/// <summary>Body of <c>PUT /v1/admin/tenants/{tenant}/budget</c>: USD limits, 0 for none; an absent one is 0.</summary>
public sealed class SetBudgetBody
{
    public decimal? DailyUsd { get; set; }

    public decimal? MonthlyUsd { get; set; }
}

/// <summary>A tenant's effective limits and where they come from (<c>admin</c> override or <c>config</c>).</summary>
public sealed record TenantBudgetResponse(string Tenant, decimal DailyUsd, decimal MonthlyUsd, string Source);
