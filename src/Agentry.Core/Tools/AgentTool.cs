using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>
/// Base of the built-in tools: a fixed name, description and JSON schema, and a body that gets arguments
/// already validated against that schema as one JSON object.
/// </summary>
public abstract class AgentTool : AIFunction
{
    private readonly JsonElement _schema;

    protected AgentTool(string name, string description, string jsonSchema)
    {
        Name = name;
        Description = description;
        using JsonDocument document = JsonDocument.Parse(jsonSchema);
        _schema = document.RootElement.Clone();
    }

    public override string Name { get; }

    public override string Description { get; }

    public override JsonElement JsonSchema => _schema;

    protected sealed override async ValueTask<object?> InvokeCoreAsync(AIFunctionArguments arguments, CancellationToken cancellationToken)
    {
        JsonElement args = ToolArguments.ToJson(arguments);
        return await InvokeAsync(args, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the tool. A <see cref="ToolException"/> becomes an error result the model sees.</summary>
    protected abstract ValueTask<string> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken);
}
