using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>
/// The tools agents may use, by name, across every <see cref="IToolSource"/>: the first source that offers a name
/// answers for it. Each tool's argument schema is compiled once, the first time the tool is used.
/// </summary>
public sealed class ToolRegistry
{
    private readonly IReadOnlyList<IToolSource> _sources;
    private readonly ConditionalWeakTable<AIFunction, RegisteredTool> _compiled = [];

    public ToolRegistry(IEnumerable<IToolSource> sources)
    {
        ArgumentNullException.ThrowIfNull(sources);
        _sources = sources.ToList();
    }

    public IReadOnlyList<IToolSource> Sources => _sources;

    /// <summary>The names of every tool offered now.</summary>
    public IEnumerable<string> Names => _sources.SelectMany(s => s.ToolNames).Distinct(StringComparer.Ordinal);

    /// <summary>Whether some source answers for <paramref name="name"/>, offered now or not (for start-up validation).</summary>
    public bool IsKnown(string name) => _sources.Any(s => s.Claims(name));

    public bool TryGet(string name, out RegisteredTool tool)
    {
        foreach (IToolSource source in _sources)
        {
            if (source.TryGetTool(name, out AIFunction function))
            {
                tool = _compiled.GetValue(function, static f => new RegisteredTool(f, ToolSchema.Compile(f)));
                return true;
            }
        }

        tool = null!;
        return false;
    }
}
