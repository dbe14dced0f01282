using Microsoft.Extensions.AI;

namespace Agentry.Core.Tools;

/// <summary>A tool together with its compiled argument schema.</summary>
public sealed record RegisteredTool(AIFunction Function, ToolSchema Schema);
