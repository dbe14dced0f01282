using System.Text.Json;
using Agentry.Core.Tools;

namespace Agentry.Tools.BuiltIn;

/// <summary>Evaluates an arithmetic expression with a safe parser, never with code execution.</summary>
internal sealed class CalculatorTool : AgentTool
{
    public const string ToolName = "calculator";

    public CalculatorTool()
        : base(
            ToolName,
            "Evaluates an arithmetic expression exactly. Supports + - * / % ^, parentheses, sqrt, abs, round, floor, ceil, ln, log10, sin, cos, tan, min, max, pow, pi and e.",
            """
            {
              "type": "object",
              "properties": {
                "expression": { "type": "string", "minLength": 1, "maxLength": 256, "description": "The expression, for example 17 * 23." }
              },
              "required": ["expression"],
              "additionalProperties": false
            }
            """)
    {
    }

    protected override ValueTask<string> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        string? expression = arguments.GetProperty("expression").GetString();
        if (!ExpressionEvaluator.TryEvaluate(expression, out double value, out string? error))
        {
            throw new ToolException(error ?? "invalid expression");
        }

        return ValueTask.FromResult(ExpressionEvaluator.Format(value));
    }
}
