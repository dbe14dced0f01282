using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>
/// Where tools come from: the built-ins, and sources that start asynchronously and whose tools change (MCP servers).
/// The service is ready without waiting for a source to start: until it has, its tools are simply not offered.
/// </summary>
public interface IToolSource
{
    /// <summary>Whether a tool name an agent lists is this source's (answered from configuration, before the source has started).</summary>
    bool Claims(string toolName);

    /// <summary>The tool of that name the source offers now, if it does.</summary>
    bool TryGetTool(string toolName, out AIFunction tool);

    /// <summary>The names of the tools it offers now.</summary>
    IEnumerable<string> ToolNames { get; }

    /// <summary>Starts the source (connects, discovers its tools); called once, in the background, at start-up.</summary>
    Task StartAsync(CancellationToken cancellationToken);
}
