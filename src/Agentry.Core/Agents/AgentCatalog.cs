using Agentry.Core.Pipeline;
using Agentry.Core.Tools;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Agents;

/// <summary>The configured agents, each resolved once at start-up.</summary>
public sealed class AgentCatalog
{
    private readonly Dictionary<string, ResolvedAgent> _agents = new(StringComparer.Ordinal);

    public AgentCatalog(IOptions<AgentsOptions> options, ToolRegistry tools, AgentPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(tools);
        ArgumentNullException.ThrowIfNull(pipeline);
        foreach ((string name, AgentDefinition definition) in options.Value.Agents)
        {
            definition.Name = name;
            (Microsoft.Extensions.AI.IChatClient client, Resilience.ModelRef primary) = pipeline.Build(definition);
            foreach (string toolName in definition.Tools)
            {
                if (!tools.IsKnown(toolName))
                {
                    throw new OptionsValidationException(AgentsOptions.SectionName, typeof(AgentsOptions),
                        [$"Agents:{name}:Tools names '{toolName}', which is not a registered tool."]);
                }
            }

            _agents[name] = new ResolvedAgent(definition, client, primary.Provider, primary.Model, tools);
        }
    }

    public IEnumerable<ResolvedAgent> All => _agents.Values.OrderBy(a => a.Name, StringComparer.Ordinal);

    public bool TryGet(string name, out ResolvedAgent agent) => _agents.TryGetValue(name, out agent!);
}
