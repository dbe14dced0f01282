namespace Agentry.Core.Resilience;

/// <summary>Every model of an agent is unavailable for now (retries spent, circuits open, or queues full): answer 503.</summary>
public sealed class ModelsUnavailableException : Exception
{
    public ModelsUnavailableException()
    {
    }

    public ModelsUnavailableException(string message)
        : base(message)
    {
    }

    public ModelsUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public ModelsUnavailableException(string message, TimeSpan retryAfter, Exception? innerException)
        : base(message, innerException)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>When a retry has a chance: about when the first circuit will let a probe through.</summary>
    public TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(10);
}
