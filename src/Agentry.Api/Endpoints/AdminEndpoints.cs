using System.Globalization;
using Agentry.Api.Contracts;
using Agentry.Api.Http;
using Agentry.Api.Security;
using Agentry.Core.Agents;
using Agentry.Core.Audit;
using Agentry.Core.Budgets;
using Agentry.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Endpoints;

/// <summary>
/// <c>/v1/admin</c>, for keys with the admin scope: create, list and revoke API keys, and read every tenant's usage.
/// A new key's secret is in the creation answer only; the service keeps its SHA-256.
/// </summary>
internal static class AdminEndpoints
{
    public const string Policy = "admin";

    public static RouteGroupBuilder MapAdminEndpoints(this IEndpointRouteBuilder routes)
    {
        RouteGroupBuilder group = routes.MapGroup("/admin").WithTags("Admin").RequireAuthorization(Policy);
        group.MapPost("/keys", CreateKeyAsync)
            .WithName("CreateApiKey")
            .Accepts<CreateApiKeyBody>("application/json")
            .Produces<ApiKeyResponse>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/keys", ListKeysAsync).WithName("ListApiKeys").Produces<ApiKeyListResponse>();
        group.MapDelete("/keys/{id}", RevokeKeyAsync)
            .WithName("RevokeApiKey")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapGet("/tenants/{tenant}/budget", GetBudgetAsync).WithName("GetTenantBudget").Produces<TenantBudgetResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapPut("/tenants/{tenant}/budget", SetBudgetAsync)
            .WithName("SetTenantBudget")
            .Accepts<SetBudgetBody>("application/json")
            .Produces<TenantBudgetResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapDelete("/tenants/{tenant}/budget", RemoveBudgetAsync).WithName("RemoveTenantBudget").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/usage", GetUsageAsync).WithName("GetAllUsage").Produces<AdminUsageResponse>().ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    private static async Task<IResult> CreateKeyAsync(HttpContext context, IApiKeyStore store, AgentCatalog catalog, IAuditSink audit, TimeProvider time)
    {
        (CreateApiKeyBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync(context.Request, ApiJson.Context.CreateApiKeyBody, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (!Tenancy.IsValid(body!.Tenant))
        {
            return Problems.BadRequest("'tenant' is required: 1 to 63 characters of a-z, 0-9, '_', '.', '-', starting with a letter or digit.", "tenant");
        }

        if (body.Name is { Length: > 128 })
        {
            return Problems.BadRequest("'name' may be at most 128 characters.", "name");
        }

        string[] agents = body.Agents ?? [];
        if (agents.Length > 64)
        {
            return Problems.BadRequest("'agents' may list at most 64 agents.", "agents");
        }

        if (agents.FirstOrDefault(a => a is null || !catalog.TryGet(a, out _), "") is not "" and var unknown)
        {
            return Problems.BadRequest($"'agents' names an agent that does not exist: '{Clip(unknown ?? "null")}'.", "agents");
        }

        if (body.RequestsPerMinute is < 0 or > 1_000_000 || body.TokensPerMinute is < 0 or > 1_000_000_000)
        {
            return Problems.BadRequest("'requests_per_minute' is 0 to 1000000 and 'tokens_per_minute' 0 to 1000000000 (0: the default).", body.RequestsPerMinute is < 0 or > 1_000_000 ? "requests_per_minute" : "tokens_per_minute");
        }

        (string id, string key) = ApiKeyFormat.Generate();
        var record = new ApiKeyRecord
        {
            Id = id,
            Tenant = body.Tenant!,
            Sha256 = ApiKeyFormat.Hash(key),
            Name = body.Name ?? "",
            Agents = agents,
            Admin = body.Admin ?? false,
            RequestsPerMinute = body.RequestsPerMinute ?? 0,
            TokensPerMinute = body.TokensPerMinute ?? 0,
            CreatedAt = time.GetUtcNow(),
        };
        await store.CreateAsync(record, context.RequestAborted).ConfigureAwait(false);
        ApiCaller? admin = ApiCaller.Of(context);
        audit.Record(new AuditEvent { Type = AuditEventTypes.KeyCreated, Tenant = record.Tenant, KeyId = record.Id, Outcome = "ok", Detail = $"by:{admin?.KeyId}{(record.Admin ? " admin" : "")}" });
        return TypedResults.Json(ToResponse(record) with { Key = key }, ApiJson.Context.ApiKeyResponse, statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ListKeysAsync(HttpContext context, IApiKeyStore store, ApiKeyRegistry registry)
    {
        IReadOnlyList<ApiKeyRecord> stored = await store.ListAsync(context.RequestAborted).ConfigureAwait(false);
        ApiKeyResponse[] keys = registry.Configured.Concat(stored).Select(ToResponse).ToArray();
        return TypedResults.Json(new ApiKeyListResponse(keys), ApiJson.Context.ApiKeyListResponse);
    }

    private static async Task<IResult> RevokeKeyAsync(string id, HttpContext context, IApiKeyStore store, ApiKeyRegistry registry, IAuditSink audit)
    {
        if (registry.Configured.Any(k => k.Id == id))
        {
            return Problems.Conflict("This key comes from configuration; remove it there and restart.");
        }

        if (!ApiKeyFormat.IsId(id) || !await store.RevokeAsync(id, context.RequestAborted).ConfigureAwait(false))
        {
            return Problems.NotFound("There is no such key.");
        }

        registry.Forget(id);
        audit.Record(new AuditEvent { Type = AuditEventTypes.KeyRevoked, KeyId = id, Outcome = "ok", Detail = $"by:{ApiCaller.Of(context)?.KeyId}" });
        return Results.NoContent();
    }

    private static async Task<IResult> GetUsageAsync(HttpContext context, IBudgetStore budgetStore, IApiKeyStore keyStore, ApiKeyRegistry registry, IOptions<BudgetOptions> budgets, BudgetLimitResolver limits, TimeProvider time, string? from = null, string? to = null)
    {
        DateTimeOffset now = time.GetUtcNow();
        ProblemHttpResultOr<(DateOnly First, DateOnly Last)> range = UsageEndpoints.ReadRange(from, to, now);
        if (range.Problem is not null)
        {
            return range.Problem;
        }

        // The tenants there are: those of keys and of configured budgets, and the anonymous default.
        IReadOnlyList<ApiKeyRecord> stored = await keyStore.ListAsync(context.RequestAborted).ConfigureAwait(false);
        string[] tenants = registry.Configured.Concat(stored).Select(k => k.Tenant).Concat(budgets.Value.Tenants.Keys).Append(Tenancy.Default)
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var reports = new List<UsageReport>(tenants.Length);
        foreach (string tenant in tenants)
        {
            reports.Add(await UsageEndpoints.ReportAsync(budgetStore, limits, tenant, range.Value.First, range.Value.Last, now, context.RequestAborted).ConfigureAwait(false));
        }

        string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return TypedResults.Json(new AdminUsageResponse(Day(range.Value.First), Day(range.Value.Last), reports), ApiJson.Context.AdminUsageResponse);
    }

    private static async Task<IResult> GetBudgetAsync(string tenant, HttpContext context, IBudgetLimitStore store, IOptions<BudgetOptions> budgets)
    {
        if (InvalidTenant(tenant) is { } invalid)
        {
            return invalid;
        }

        // Read from the store itself: the answer is current, and a store that is down is a 503, not the configured limits.
        BudgetLimits? overridden = await store.GetAsync(tenant, context.RequestAborted).ConfigureAwait(false);
        BudgetLimits effective = overridden ?? budgets.Value.For(tenant);
        return TypedResults.Json(new TenantBudgetResponse(tenant, effective.DailyUsd, effective.MonthlyUsd, overridden is null ? "config" : "admin"), ApiJson.Context.TenantBudgetResponse);
    }

    private static async Task<IResult> SetBudgetAsync(string tenant, HttpContext context, IBudgetLimitStore store, BudgetLimitResolver limits, IAuditSink audit)
    {
        if (InvalidTenant(tenant) is { } invalid)
        {
            return invalid;
        }

        (SetBudgetBody? body, ProblemHttpResult? problem) = await JsonBody.ReadAsync(context.Request, ApiJson.Context.SetBudgetBody, context.RequestAborted).ConfigureAwait(false);
        if (problem is not null)
        {
            return problem;
        }

        if (body!.DailyUsd is null && body.MonthlyUsd is null)
        {
            return Problems.BadRequest("Set 'daily_usd', 'monthly_usd' or both (0: no limit).", "daily_usd");
        }

        if (body.DailyUsd is < 0 or > 10_000_000 || body.MonthlyUsd is < 0 or > 100_000_000)
        {
            return Problems.BadRequest("'daily_usd' is 0 to 10000000 and 'monthly_usd' 0 to 100000000 (0: no limit).", body.DailyUsd is < 0 or > 10_000_000 ? "daily_usd" : "monthly_usd");
        }

        var limit = new BudgetLimits { DailyUsd = body.DailyUsd ?? 0, MonthlyUsd = body.MonthlyUsd ?? 0 };
        await store.SetAsync(tenant, limit, context.RequestAborted).ConfigureAwait(false);
        limits.Forget(tenant);
        audit.Record(new AuditEvent
        {
            Type = AuditEventTypes.BudgetChanged,
            Tenant = tenant,
            KeyId = ApiCaller.Of(context)?.KeyId,
            Outcome = "set",
            Detail = string.Create(CultureInfo.InvariantCulture, $"daily={limit.DailyUsd};monthly={limit.MonthlyUsd}"),
        });
        return TypedResults.Json(new TenantBudgetResponse(tenant, limit.DailyUsd, limit.MonthlyUsd, "admin"), ApiJson.Context.TenantBudgetResponse);
    }

    private static async Task<IResult> RemoveBudgetAsync(string tenant, HttpContext context, IBudgetLimitStore store, BudgetLimitResolver limits, IAuditSink audit)
    {
        if (InvalidTenant(tenant) is { } invalid)
        {
            return invalid;
        }

        if (!await store.RemoveAsync(tenant, context.RequestAborted).ConfigureAwait(false))
        {
            return Problems.NotFound("This tenant has no budget set through the admin API.");
        }

        limits.Forget(tenant);
        audit.Record(new AuditEvent { Type = AuditEventTypes.BudgetChanged, Tenant = tenant, KeyId = ApiCaller.Of(context)?.KeyId, Outcome = "removed" });
        return Results.NoContent();
    }

    /// <summary>One answer for a tenant in a path that is not a tenant name, on every admin call that takes one.</summary>
    private static ProblemHttpResult? InvalidTenant(string tenant) =>
        Tenancy.IsValid(tenant) ? null : Problems.BadRequest("The tenant is 1 to 63 characters of a-z, 0-9, '_', '.', '-'.", "tenant");

    private static ApiKeyResponse ToResponse(ApiKeyRecord key) =>
        new(key.Id, key.Tenant, key.Name, key.Agents, key.Admin, key.RequestsPerMinute, key.TokensPerMinute, key.CreatedAt, key.Source);

    private static string Clip(string text) => text.Length <= 64 ? text : text[..64];
}
