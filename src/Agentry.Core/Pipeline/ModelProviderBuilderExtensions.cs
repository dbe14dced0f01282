using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentry.Core.Pipeline;

/// <summary>How a provider's <c>Add…</c> registers it: keyed by its name, and listed for <see cref="ModelProviders"/>.</summary>
public static class ModelProviderBuilderExtensions
{
    public static IAgentryBuilder AddModelProvider<TProvider>(this IAgentryBuilder builder, string name, int? autoPreference = null)
        where TProvider : class, IModelProvider
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        // Agents name providers in any case; ModelProviders.Resolve looks them up in lower case.
        name = name.ToLowerInvariant();
        builder.Services.TryAddKeyedSingleton<IModelProvider, TProvider>(name);
        builder.Services.AddSingleton(new ModelProviderRegistration(name, autoPreference));
        return builder;
    }
}
