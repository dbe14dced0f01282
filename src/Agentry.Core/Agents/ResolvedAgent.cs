using Agentry.Core.Pipeline;
using Agentry.Core.Tools;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>An agent ready to run: its definition, its chat pipeline, and its tools as their sources offer them now.</summary>
public sealed class ResolvedAgent
{
    private readonly ToolRegistry _registry;
    private readonly HashSet<string> _toolNames;

    public ResolvedAgent(AgentDefinition definition, IChatClient client, string provider, string model, ToolRegistry tools)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tools);
        Definition = definition;
        Client = client;
        Provider = provider;
        Model = model;
        _registry = tools;
        _toolNames = new HashSet<string>(definition.Tools, StringComparer.Ordinal);
        SystemMessage = string.IsNullOrEmpty(definition.SystemPrompt) ? null : new ChatMessage(ChatRole.System, definition.SystemPrompt);
    }

    public string Name => Definition.Name;

    public AgentDefinition Definition { get; }

    public IChatClient Client { get; }

    public string Provider { get; }

    public string Model { get; }

    /// <summary>The agent's tools that their sources offer now, in the order the agent lists them (for listings; a model call reads the registry itself).</summary>
    public IReadOnlyList<RegisteredTool> Tools
    {
        get
        {
            var tools = new List<RegisteredTool>(Definition.Tools.Count);
            foreach (string name in Definition.Tools)
            {
                if (_registry.TryGet(name, out RegisteredTool tool))
                {
                    tools.Add(tool);
                }
            }

            return tools;
        }
    }

    public ChatMessage? SystemMessage { get; }

    /// <summary>A tool of this agent's that its source offers now.</summary>
    public bool TryGetTool(string name, out RegisteredTool tool)
    {
        if (_toolNames.Contains(name))
        {
            return _registry.TryGet(name, out tool);
        }

        tool = null!;
        return false;
    }

    /// <summary>The next model call of a run: its options, carrying a new <see cref="ModelCall"/> (providers may mutate options).</summary>
    public (ChatOptions Options, ModelCall Call) CreateCall(AgentRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        int? maxTokens = request.MaxTokens;
        var options = new ChatOptions
        {
            ModelId = Model,
            MaxOutputTokens = maxTokens is { } requested ? Math.Min(requested, Definition.MaxTokens) : Definition.MaxTokens,
            Temperature = (float?)Definition.Temperature,
        };
        List<AITool>? offered = null;
        foreach (string name in Definition.Tools)
        {
            if (_registry.TryGet(name, out RegisteredTool tool))
            {
                (offered ??= new List<AITool>(Definition.Tools.Count)).Add(tool.Function);
            }
        }

        if (offered is not null)
        {
            options.Tools = offered;
            options.ToolMode = ChatToolMode.Auto;
        }

        var call = new ModelCall { Tenant = request.Tenant, BypassCache = request.BypassCache, PromptCaching = Definition.PromptCaching };
        return (call.AttachTo(options), call);
    }
}
