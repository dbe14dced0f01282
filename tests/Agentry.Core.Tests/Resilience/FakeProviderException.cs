namespace Agentry.Core.Tests.Resilience;

internal sealed class FakeProviderException(int status, TimeSpan? retryAfter = null) : Exception($"provider said {status}")
{
    public int Status { get; } = status;

    public TimeSpan? RetryAfter { get; } = retryAfter;
}
