using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>The tools agents may use, by name: the built-ins and whatever the host registers as <see cref="AIFunction"/>.</summary>
public sealed class ToolRegistry
{
    private readonly Dictionary<string, RegisteredTool> _tools = new(StringComparer.Ordinal);

    public ToolRegistry(IEnumerable<AIFunction> tools)
    {
        ArgumentNullException.ThrowIfNull(tools);
        foreach (AIFunction tool in tools)
        {
            if (!_tools.TryAdd(tool.Name, new RegisteredTool(tool, ToolSchema.Compile(tool))))
            {
                throw new InvalidOperationException($"Two tools are registered with the name '{tool.Name}'.");
            }
        }
    }

    public IReadOnlyCollection<string> Names => _tools.Keys;

    public bool TryGet(string name, out RegisteredTool tool) => _tools.TryGetValue(name, out tool!);
}
