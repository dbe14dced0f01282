using Agentry.Core.Resilience;

namespace Agentry.Core.Tests.Resilience;

internal sealed class FakeClassifier : IProviderErrorClassifier
{
    public ProviderError Classify(Exception exception) => exception switch
    {
        FakeProviderException { Status: 429 or 500 or 529 } e => new ProviderError(true, e.Status == 429 ? "rate_limited" : "server_error", e.Status, e.RetryAfter),
        FakeProviderException e => new ProviderError(false, "client_error", e.Status, null),
        IOException => new ProviderError(true, "connection", null, null),
        _ => new ProviderError(false, "unknown", null, null),
    };
}
