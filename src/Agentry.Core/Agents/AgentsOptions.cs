namespace Agentry.Core.Agents;

/// <summary>The <c>Agents</c> configuration section: agent name to definition.</summary>
public sealed class AgentsOptions
{
    public const string SectionName = "Agents";

    public IDictionary<string, AgentDefinition> Agents { get; } =
        new Dictionary<string, AgentDefinition>(StringComparer.OrdinalIgnoreCase);
}
