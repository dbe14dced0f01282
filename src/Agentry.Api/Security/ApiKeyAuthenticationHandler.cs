using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Agentry.Api.Http;
using Agentry.Core.Audit;
using Agentry.Core.Security;
using Agentry.Core.Stores;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Security;

/// <summary>
/// ASP.NET Core authentication of client API keys, sent as <c>Authorization: Bearer</c> or <c>x-api-key</c>.
/// A valid key attaches an <see cref="ApiCaller"/>; a missing or wrong key is a 401 Problem Details (and an audit
/// event), never echoing what was sent. In Development with no keys configured, loopback callers are anonymous
/// callers of the <c>default</c> tenant.
/// </summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyRegistry registry,
    AnonymousAccess anonymous,
    IAuditSink audit)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string AdminClaim = "agentry:admin";
    public const string TenantClaim = "agentry:tenant";
    public const string KeyHeader = "x-api-key";
    private const string UnavailableItem = "agentry:auth-unavailable";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? presented = ReadKey(Request);
        if (presented is null)
        {
            if (anonymous.Enabled && (anonymous.AnyAddress || IsLoopback(Context.Connection.RemoteIpAddress)))
            {
                return Success(anonymous.Caller);
            }

            return AuthenticateResult.NoResult();
        }

        ApiKeyRecord? key;
        try
        {
            key = await registry.FindAsync(presented, Context.RequestAborted).ConfigureAwait(false);
        }
        catch (StoreUnavailableException)
        {
            Context.Items[UnavailableItem] = true;
            return AuthenticateResult.Fail("The key store is unavailable.");
        }

        if (key is null)
        {
            string? id = ApiKeyFormat.IdOf(presented);
            audit.Record(new AuditEvent
            {
                Type = AuditEventTypes.AuthFailure,
                KeyId = id,
                Outcome = "denied",
                Detail = id is null ? "malformed_key" : "unknown_or_revoked_key",
            });
            return AuthenticateResult.Fail("The API key is not valid.");
        }

        return Success(new ApiCaller(key, registry.LimitsOf(key), anonymous: false));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        if (Context.Items.ContainsKey(UnavailableItem))
        {
            Response.Headers.RetryAfter = StoreUnavailableHandler.RetryAfterSeconds;
            await Problems.ServiceUnavailable("API keys cannot be checked now; retry shortly.").ExecuteAsync(Context).ConfigureAwait(false);
            return;
        }

        if (Context.Items.ContainsKey(typeof(ApiCaller)) is false && ReadKey(Request) is null)
        {
            audit.Record(new AuditEvent { Type = AuditEventTypes.AuthFailure, Outcome = "denied", Detail = "missing_key" });
        }

        Response.Headers.WWWAuthenticate = "Bearer";
        await Problems.Unauthorized().ExecuteAsync(Context).ConfigureAwait(false);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        ApiCaller? caller = ApiCaller.Of(Context);
        audit.Record(new AuditEvent { Type = AuditEventTypes.AccessDenied, Tenant = caller?.Tenant, KeyId = caller?.KeyId, Outcome = "denied", Detail = "admin_scope_required" });
        await Problems.Forbidden("This API key may not use the admin API.").ExecuteAsync(Context).ConfigureAwait(false);
    }

    private AuthenticateResult Success(ApiCaller caller)
    {
        caller.AttachTo(Context);
        Claim[] claims =
        [
            new(ClaimTypes.NameIdentifier, caller.KeyId),
            new(TenantClaim, caller.Tenant),
            new(AdminClaim, caller.IsAdmin ? "true" : "false"),
        ];
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    private static string? ReadKey(HttpRequest request)
    {
        string? header = request.Headers.Authorization;
        if (header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return header[7..].Trim();
        }

        string? apiKey = request.Headers[KeyHeader];
        return string.IsNullOrEmpty(apiKey) ? null : apiKey.Trim();
    }

    private static bool IsLoopback(IPAddress? address) => address is not null && IPAddress.IsLoopback(address);
}

/// <summary>Whether anonymous loopback access is on: Development, no keys configured, and allowed by settings.</summary>
internal sealed class AnonymousAccess(IHostEnvironment environment, IOptions<SecurityOptions> options)
{
    public bool Enabled { get; } = environment.IsDevelopment() && options.Value.AllowAnonymousInDevelopment && options.Value.ApiKeys.Count == 0;

    public bool AnyAddress { get; } = options.Value.AllowAnonymousFromAnyAddress;

    public ApiCaller Caller { get; } = new(
        new ApiKeyRecord { Id = "anonymous", Tenant = Tenancy.Default, Sha256 = "", Admin = true, Source = "anonymous" },
        default,
        anonymous: true);
}
