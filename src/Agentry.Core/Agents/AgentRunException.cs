namespace Agentry.Core.Agents;

/// <summary>A run could not start or could not be saved, for a reason the caller can act on.</summary>
public sealed class AgentRunException : Exception
{
    public AgentRunException()
    {
    }

    public AgentRunException(string message)
        : base(message)
    {
    }

    public AgentRunException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AgentRunException(AgentRunFailure failure, string message)
        : base(message)
    {
        Failure = failure;
    }

    public AgentRunFailure Failure { get; }
}
