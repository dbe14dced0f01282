using System.Text.Json;
using Agentry.Core.Tools;

namespace Agentry.Core.Tests.Support;

/// <summary>A tool whose body the test supplies.</summary>
internal sealed class DelegateTool(string name, Func<JsonElement, CancellationToken, Task<string>> body) : AgentTool(
    name,
    "test tool",
    """{ "type": "object", "properties": { "value": { "type": "string" } }, "additionalProperties": false }""")
{
    protected override async ValueTask<string> InvokeAsync(JsonElement arguments, CancellationToken cancellationToken) =>
        await body(arguments, cancellationToken);
}
