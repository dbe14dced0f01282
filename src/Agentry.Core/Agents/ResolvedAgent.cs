using Agentry.Core.Pipeline;
using Agentry.Core.Tools;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Agents;

/// <summary>An agent ready to run: its definition, its chat pipeline and its tools.</summary>
public sealed class ResolvedAgent
{
    private readonly Dictionary<string, RegisteredTool> _tools;

    public ResolvedAgent(AgentDefinition definition, IChatClient client, string provider, string model, IReadOnlyList<RegisteredTool> tools)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(tools);
        Definition = definition;
        Client = client;
        Provider = provider;
        Model = model;
        Tools = tools;
        _tools = tools.ToDictionary(t => t.Function.Name, StringComparer.Ordinal);
        SystemMessage = string.IsNullOrEmpty(definition.SystemPrompt) ? null : new ChatMessage(ChatRole.System, definition.SystemPrompt);
    }

    public string Name => Definition.Name;

    public AgentDefinition Definition { get; }

    public IChatClient Client { get; }

    public string Provider { get; }

    public string Model { get; }

    public IReadOnlyList<RegisteredTool> Tools { get; }

    public ChatMessage? SystemMessage { get; }

    public bool TryGetTool(string name, out RegisteredTool tool) => _tools.TryGetValue(name, out tool!);

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
        if (Tools.Count > 0)
        {
            options.Tools = Tools.Select(t => (AITool)t.Function).ToList();
            options.ToolMode = ChatToolMode.Auto;
        }

        var call = new ModelCall { Tenant = request.Tenant, BypassCache = request.BypassCache, PromptCaching = Definition.PromptCaching };
        return (call.AttachTo(options), call);
    }
}
