using Agentry.Core.Stores;
using Microsoft.AspNetCore.Diagnostics;

namespace Agentry.Api.Http;

/// <summary>
/// The one rule for shared storage that cannot answer (Redis down, slow or behind an open circuit): wherever an
/// endpoint meets it, the answer is a 503 Problem Details with <c>Retry-After</c>, never a 500. What can fail open
/// (the response cache, the rate limiter) catches it itself; a run answers it as its own outcome.
/// </summary>
internal sealed partial class StoreUnavailableHandler(IProblemDetailsService problems, ILogger<StoreUnavailableHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (exception is not StoreUnavailableException || httpContext.Response.HasStarted)
        {
            return false;
        }

        LogStoreUnavailable(logger, httpContext.Request.Method, (httpContext.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "", exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = Problems.Details(StatusCodes.Status503ServiceUnavailable, "unavailable", "The service cannot answer now.", "Shared storage is unavailable; retry shortly."),
            Exception = exception,
        }).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Warning, Message = "Storage unavailable: answered 503")]
    private static partial void LogStoreUnavailable(ILogger logger, string method, string route, string reason);
}
