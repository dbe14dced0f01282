namespace Agentry.Core.Resilience;

/// <summary>
/// A model call the provider failed or refused, in the provider-neutral form the resilience layer reads: each
/// provider adapter turns its SDK's exceptions into this one, with what the failure means for retrying it.
/// </summary>
public sealed class ProviderException : Exception
{
    public ProviderException()
        : this("The model provider failed the call.", new ProviderError(false, "unknown", null, null))
    {
    }

    public ProviderException(string message)
        : this(message, new ProviderError(false, "unknown", null, null))
    {
    }

    public ProviderException(string message, Exception innerException)
        : this(message, new ProviderError(false, "unknown", null, null), innerException)
    {
    }

    public ProviderException(string message, ProviderError error, Exception? innerException = null)
        : base(message, innerException)
    {
        Error = error;
    }

    public ProviderError Error { get; }
}
