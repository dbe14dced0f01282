namespace Agentry.Core.Resilience;

/// <summary>
/// A note the HTTP layer leaves for the resilience layer about the current attempt (the provider's
/// <c>retry-after</c>), because SDK exceptions do not carry response headers. The resilience layer puts a
/// fresh holder in place before each attempt; the HTTP handler below it fills the same object in.
/// </summary>
public sealed class ProviderCallContext
{
    private static readonly AsyncLocal<ProviderCallContext?> CurrentContext = new();

    public static ProviderCallContext? Current
    {
        get => CurrentContext.Value;
        set => CurrentContext.Value = value;
    }

    public TimeSpan? RetryAfter { get; set; }
}
