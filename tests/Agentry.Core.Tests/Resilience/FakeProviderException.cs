using Agentry.Core.Resilience;

namespace Agentry.Core.Tests.Resilience;

/// <summary>A provider failure as an adapter reports it, for a status code.</summary>
internal static class FakeProviderException
{
    public static ProviderException Status(int status, TimeSpan? retryAfter = null) =>
        new($"provider said {status}", ProviderFailures.FromStatus(status, retryAfter));
}
