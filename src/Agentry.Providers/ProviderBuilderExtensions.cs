using Agentry.Core;
using Agentry.Core.Pipeline;
using Agentry.Providers.Anthropic;
using Agentry.Providers.OpenAi;
using Agentry.Providers.Simulator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Agentry.Providers;

/// <summary>
/// The model providers' <c>Add…</c> verbs: each binds and validates its settings and registers its
/// <see cref="IModelProvider"/> keyed by its name. <c>auto</c> agents take Anthropic when a key is configured, else
/// the simulator.
/// </summary>
public static class ProviderBuilderExtensions
{
    /// <summary>Claude (<c>Providers:Anthropic</c>).</summary>
    public static IAgentryBuilder AddAnthropic(this IAgentryBuilder builder) =>
        builder.AddProviderHttp().AddSettings<AnthropicOptions>(AnthropicOptions.SectionName)
            .AddModelProvider<AnthropicModelProvider>(ProviderNames.Anthropic, autoPreference: 1);

    /// <summary>An OpenAI-compatible server (<c>Providers:OpenAI</c>).</summary>
    public static IAgentryBuilder AddOpenAiCompatible(this IAgentryBuilder builder) =>
        builder.AddProviderHttp().AddSettings<OpenAiOptions>(OpenAiOptions.SectionName)
            .AddModelProvider<OpenAiModelProvider>(ProviderNames.OpenAi);

    /// <summary>The offline simulator (<c>Simulator</c>), which <c>auto</c> falls back to.</summary>
    public static IAgentryBuilder AddSimulator(this IAgentryBuilder builder) =>
        builder.AddSettings<SimulatorOptions>(SimulatorOptions.SectionName)
            .AddModelProvider<SimulatorModelProvider>(ProviderNames.Simulator, autoPreference: 100);

    private static IAgentryBuilder AddProviderHttp(this IAgentryBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<ProviderHttp>();
        return builder;
    }

    private static IAgentryBuilder AddSettings<TOptions>(this IAgentryBuilder builder, string section)
        where TOptions : class
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<TOptions>().Bind(builder.Configuration.GetSection(section)).ValidateDataAnnotations().ValidateOnStart();
        return builder;
    }
}
