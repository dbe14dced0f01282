using Agentry.Api.Security;
using Agentry.Core.Security;

namespace Agentry.Api.Http;

/// <summary>The tenant a request acts for: its API key's tenant (anonymous Development callers are <c>default</c>).</summary>
internal static class RequestTenant
{
    public static string Of(HttpContext context) => ApiCaller.Of(context)?.Tenant ?? Tenancy.Default;
}
