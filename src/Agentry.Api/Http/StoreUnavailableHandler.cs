using Agentry.Core.Stores;
using Microsoft.AspNetCore.Diagnostics;

namespace Agentry.Api.Http;

/// <summary>
/// The one rule for shared storage that cannot answer (Redis down, slow or behind an open circuit): wherever an
/// endpoint meets it, the answer is a 503 Problem Details with <c>Retry-After</c>, never a 500. What can fail open
/// (the response cache, the rate limiter) catches it itself; a run answers it as its own outcome.
/// </summary>
internal sealed partial class StoreUnavailableHandler(ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StoreUnavailableException || httpContext.Response.HasStarted)
        {
            return false;
        }

        // The middleware has cleared the endpoint by now; its feature keeps the one that failed.
        string route = (httpContext.Features.Get<IExceptionHandlerFeature>()?.Endpoint as RouteEndpoint)?.RoutePattern.RawText ?? httpContext.Request.Path.Value ?? "";
        LogStoreUnavailable(logger, httpContext.Request.Method, route, exception.Message);
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        // Written whatever the request accepts (a streaming client asks for text/event-stream), as every other problem.
        await Problems.ServiceUnavailable("Shared storage is unavailable; retry shortly.").ExecuteAsync(httpContext).ConfigureAwait(false);
        return true;
    }

    [LoggerMessage(EventId = 1710, Level = LogLevel.Warning, Message = "Storage unavailable: answered 503")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string route, string reason);
}
