using System.Net.Sockets;

namespace Agentry.Core.Resilience;

/// <summary>
/// What a failed model call means for retrying it. Provider adapters report their failures as
/// <see cref="ProviderException"/>; the rest are the HTTP stack's own: timeouts and dropped connections are
/// transient, anything else is not, because the same request would fail the same way again.
/// </summary>
public static class ProviderFailures
{
    public static ProviderError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ProviderException provider => provider.Error,
            HttpRequestException { StatusCode: { } status } => FromStatus((int)status, null),
            HttpRequestException or IOException or SocketException => new ProviderError(true, "connection", null, null),
            TimeoutException or TaskCanceledException => new ProviderError(true, "timeout", null, null),
            _ when exception.InnerException is { } inner && inner != exception => Classify(inner),
            _ => new ProviderError(false, "unknown", null, null),
        };
    }

    /// <summary>
    /// An HTTP status as a failure: 408, 429, 5xx and Anthropic's 529 are transient; every other status (400, 401,
    /// 403, 404…) is the request's own fault. <paramref name="retryAfter"/> is what the provider asked for, if it did.
    /// </summary>
    public static ProviderError FromStatus(int status, TimeSpan? retryAfter) => status switch
    {
        429 => new ProviderError(true, "rate_limited", status, retryAfter),
        529 => new ProviderError(true, "overloaded", status, retryAfter),
        408 or 504 => new ProviderError(true, "timeout", status, retryAfter),
        >= 500 => new ProviderError(true, "server_error", status, retryAfter),
        _ => new ProviderError(false, "client_error", status, null),
    };
}
