namespace Agentry.Providers;

/// <summary>
/// What the HTTP stack saw of a provider's failed answer, for the adapter above the provider's SDK: the SDKs' exceptions
/// drop response headers, so <see cref="RetryAfterCaptureHandler"/> (under the SDK) notes the <c>retry-after</c> here,
/// and the adapter that began the capture reads it when it turns the SDK's exception into a
/// <see cref="Agentry.Core.Resilience.ProviderException"/>. Flows with the call (an async-local), inside this project only.
/// </summary>
internal sealed class ProviderResponseCapture
{
    private static readonly AsyncLocal<ProviderResponseCapture?> CurrentCapture = new();

    public static ProviderResponseCapture? Current => CurrentCapture.Value;

    public TimeSpan? RetryAfter { get; set; }

    /// <summary>A fresh capture for the call that runs from here.</summary>
    public static ProviderResponseCapture Begin()
    {
        var capture = new ProviderResponseCapture();
        CurrentCapture.Value = capture;
        return capture;
    }
}
