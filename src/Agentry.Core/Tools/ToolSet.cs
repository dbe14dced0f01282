using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>A fixed set of tools, known from the start: the built-ins, or what a host or a test registers.</summary>
public class ToolSet : IToolSource
{
    private readonly Dictionary<string, AIFunction> _tools = new(StringComparer.Ordinal);

    public ToolSet(IEnumerable<AIFunction> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (AIFunction tool in tools)
        {
            if (!_tools.TryAdd(tool.Name, tool))
            {
                throw new InvalidOperationException($"Two tools are registered with the name '{tool.Name}'.");
            }
        }
    }

    public IEnumerable<string> ToolNames => _tools.Keys;

    public bool Claims(string toolName) => _tools.ContainsKey(toolName);

    public bool TryGetTool(string toolName, out AIFunction tool) => _tools.TryGetValue(toolName, out tool!);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
