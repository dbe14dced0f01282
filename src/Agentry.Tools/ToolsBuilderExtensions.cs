using Agentry.Core;
using Agentry.Core.Tools;
using Agentry.Tools.BuiltIn;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Tools;

/// <summary>The tool sources' <c>Add…</c> verbs.</summary>
public static class ToolsBuilderExtensions
{
    /// <summary><c>calculator</c> and <c>current_time</c>.</summary>
    public static IAgentryBuilder AddBuiltInTools(this IAgentryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSingleton<IToolSource, BuiltInTools>();
        return builder;
    }
}
