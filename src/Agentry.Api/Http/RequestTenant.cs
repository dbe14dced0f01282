namespace Agentry.Api.Http;

/// <summary>The tenant a request acts for. Until API keys exist every caller is the <c>default</c> tenant.</summary>
internal static class RequestTenant
{
    public const string Default = "default";

    public static string Of(HttpContext context) =>
        context.Items.TryGetValue(typeof(RequestTenant), out object? tenant) && tenant is string name ? name : Default;
}
