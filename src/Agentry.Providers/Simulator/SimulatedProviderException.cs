namespace Agentry.Providers.Simulator;

/// <summary>A provider error raised by the in-process simulator, shaped like an HTTP error of the real API.</summary>
public sealed class SimulatedProviderException : Exception
{
    public SimulatedProviderException()
    {
    }

    public SimulatedProviderException(string message)
        : base(message)
    {
    }

    public SimulatedProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public SimulatedProviderException(int statusCode, string message, TimeSpan? retryAfter)
        : base(message)
    {
        StatusCode = statusCode;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public TimeSpan? RetryAfter { get; }
}
