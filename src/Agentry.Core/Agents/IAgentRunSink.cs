namespace Agentry.Core.Agents;

/// <summary>Receives a run's events as they happen (a streamed response writes them out).</summary>
public interface IAgentRunSink
{
    ValueTask OnEventAsync(AgentRunEvent runEvent, CancellationToken cancellationToken);
}
