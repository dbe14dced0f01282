using Agentry.Core.Security;

namespace Agentry.Api.Security;

/// <summary>Who is calling: the key's tenant, scopes and limits. Anonymous callers exist only in Development on loopback.</summary>
internal sealed class ApiCaller(ApiKeyRecord key, RateLimits limits, bool anonymous)
{
    public ApiKeyRecord Key => key;

    public string Tenant => key.Tenant;

    public string KeyId => key.Id;

    public bool IsAdmin => key.Admin;

    public bool IsAnonymous => anonymous;

    public RateLimits Limits => limits;

    public static ApiCaller? Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(ApiCaller), out object? caller) ? caller as ApiCaller : null;

    public void AttachTo(HttpContext context) => context.Items[typeof(ApiCaller)] = this;
}
