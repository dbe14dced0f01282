namespace Agentry.Providers;

/// <summary>
/// The one HTTP client every provider's SDK sends through: connection pooling shared by all agents and models, and
/// <see cref="RetryAfterCaptureHandler"/> under it, since the SDKs' exceptions drop the <c>retry-after</c> header.
/// </summary>
public sealed class ProviderHttp : IDisposable
{
    private readonly Lazy<HttpClient> _client;

    public ProviderHttp(TimeProvider time) =>
        _client = new(() => new HttpClient(new RetryAfterCaptureHandler(time))
        {
            // Each provider applies its own timeout; this one must not cut a long stream short.
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        });

    public HttpClient Client => _client.Value;

    public void Dispose()
    {
        if (_client.IsValueCreated)
        {
            _client.Value.Dispose();
        }
    }
}
