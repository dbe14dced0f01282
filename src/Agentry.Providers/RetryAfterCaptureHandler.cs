using System.Globalization;

namespace Agentry.Providers;

/// <summary>
/// Sits under the provider SDKs and copies a failed answer's <c>retry-after</c> (seconds, HTTP date, or
/// <c>retry-after-ms</c>) into the current <see cref="ProviderResponseCapture"/>, since SDK exceptions drop headers.
/// </summary>
public sealed class RetryAfterCaptureHandler(TimeProvider time) : DelegatingHandler(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        HttpResponseMessage response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if ((int)response.StatusCode >= 400 && ProviderResponseCapture.Current is { } capture)
        {
            capture.RetryAfter = Parse(response, time.GetUtcNow());
        }

        return response;
    }

    public static TimeSpan? Parse(HttpResponseMessage response, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (response.Headers.TryGetValues("retry-after-ms", out IEnumerable<string>? ms)
            && double.TryParse(ms.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double milliseconds) && milliseconds >= 0)
        {
            return TimeSpan.FromMilliseconds(milliseconds);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } => delta,
            { Date: { } date } => date > now ? date - now : TimeSpan.Zero,
            _ => null,
        };
    }
}
