using System.ClientModel;
using System.Net.Sockets;
using Agentry.Core.Resilience;
using Agentry.Providers.Simulator;
using global::Anthropic.Exceptions;

namespace Agentry.Providers;

/// <summary>
/// Reads the failures of the Anthropic SDK, the hand-written Anthropic client (an HTTP status), the OpenAI SDK, the in-process simulator and the HTTP stack:
/// 408, 429, 500, 502, 503, 504 and 529, timeouts and dropped connections are transient; every other
/// status (400, 401, 403, 404…) is not, because the same request would fail the same way again.
/// </summary>
public sealed class ProviderErrorClassifier : IProviderErrorClassifier
{
    public ProviderError Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            AnthropicApiException api => FromStatus((int)api.StatusCode, null),
            ClientResultException openAi when openAi.Status > 0 => FromStatus(openAi.Status, null),
            SimulatedProviderException simulated => FromStatus(simulated.StatusCode, simulated.RetryAfter),
            HttpRequestException { StatusCode: { } status } => FromStatus((int)status, null),
            AnthropicIOException or AnthropicSseException or HttpRequestException or IOException or SocketException
                => new ProviderError(true, "connection", null, null),
            ClientResultException => new ProviderError(true, "connection", null, null),
            TimeoutException or TaskCanceledException => new ProviderError(true, "timeout", null, null),
            _ when exception.InnerException is { } inner && inner != exception => Classify(inner),
            _ => new ProviderError(false, "unknown", null, null),
        };
    }

    private static ProviderError FromStatus(int status, TimeSpan? retryAfter) => status switch
    {
        429 => new ProviderError(true, "rate_limited", status, retryAfter),
        529 => new ProviderError(true, "overloaded", status, retryAfter),
        408 or 504 => new ProviderError(true, "timeout", status, retryAfter),
        500 or 502 or 503 => new ProviderError(true, "server_error", status, retryAfter),
        >= 500 => new ProviderError(true, "server_error", status, retryAfter),
        _ => new ProviderError(false, "client_error", status, null),
    };
}
