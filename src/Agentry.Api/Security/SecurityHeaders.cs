namespace Agentry.Api.Security;

/// <summary>
/// Headers every answer carries: no MIME sniffing, no framing, no referrer, nothing to load, no caching of API
/// answers by intermediaries, and HSTS when the request came over HTTPS. Set as the answer starts, so an answer
/// written by the exception handler (which clears the headers first) carries them too.
/// </summary>
internal static class SecurityHeaders
{
    private static readonly Func<object, Task> Apply = state =>
    {
        var context = (HttpContext)state;
        IHeaderDictionary headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        headers.CacheControl = "no-store";
        if (context.Request.IsHttps)
        {
            headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
        }

        return Task.CompletedTask;
    };

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(Apply, context);
        return next(context);
    });
}
