using System.Text.Json;
using Json.Schema;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>A tool's argument schema, compiled once, that checks a call's arguments before the tool runs.</summary>
public sealed class ToolSchema
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List };
    private readonly JsonSchema _schema;

    private ToolSchema(JsonSchema schema) => _schema = schema;

    public static ToolSchema Compile(AIFunction tool)
    {
        ArgumentNullException.ThrowIfNull(tool);
        var baseUri = new Uri($"urn:agentry:tool:{Uri.EscapeDataString(tool.Name)}:{Guid.NewGuid():N}");
        return new ToolSchema(JsonSchema.Build(tool.JsonSchema, new BuildOptions(), baseUri));
    }

    /// <summary>Null when the arguments are valid; else a short reason the model can act on.</summary>
    public string? Validate(JsonElement arguments)
    {
        EvaluationResults results = _schema.Evaluate(arguments, Evaluation);
        if (results.IsValid)
        {
            return null;
        }

        foreach (EvaluationResults detail in results.Details ?? [])
        {
            if (detail.Errors is { Count: > 0 } errors)
            {
                string location = detail.InstanceLocation.ToString();
                string where = location.Length == 0 ? "arguments" : location;
                return $"{where}: {errors.Values.First()}";
            }
        }

        return "arguments do not match the tool's schema";
    }
}
