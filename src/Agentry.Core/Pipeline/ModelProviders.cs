using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Core.Pipeline;

/// <summary>The registered model providers by name, and what an agent's <c>auto</c> means here.</summary>
public sealed class ModelProviders
{
    /// <summary>The first registered provider that can serve, in <see cref="ModelProviderRegistration.AutoPreference"/> order.</summary>
    public const string Auto = "auto";

    private readonly IServiceProvider _services;
    private readonly List<ModelProviderRegistration> _registrations;
    private readonly Lazy<string?> _auto;

    public ModelProviders(IEnumerable<ModelProviderRegistration> registrations, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        _services = services;
        _registrations = registrations.DistinctBy(r => r.Name, StringComparer.OrdinalIgnoreCase).ToList();
        Names = [Auto, .. _registrations.Select(r => r.Name)];
        _auto = new(() => _registrations.Where(r => r.AutoPreference is not null).OrderBy(r => r.AutoPreference)
            .FirstOrDefault(r => Get(r.Name).IsConfigured)?.Name);
    }

    /// <summary>Every name an agent's <c>Provider</c> may have: <c>auto</c> and each registered provider.</summary>
    public IReadOnlyCollection<string> Names { get; }

    /// <summary>The provider a configured name means (<c>auto</c> becomes a registered one), in lower case.</summary>
    public string Resolve(string provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        string name = provider.ToLowerInvariant();
        return name == Auto
            ? _auto.Value ?? throw new InvalidOperationException("An agent's provider is 'auto', but no registered provider can serve and none is chosen by 'auto'.")
            : name;
    }

    public IModelProvider Get(string name) =>
        _services.GetKeyedService<IModelProvider>(name)
        ?? throw new InvalidOperationException($"'{name}' is not a known provider; use one of {string.Join(", ", Names)}.");
}
