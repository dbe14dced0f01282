namespace Agentry.Core.Resilience;

/// <summary>A provider and one of its models, written <c>provider/model</c>: the one parser of that form.</summary>
public readonly record struct ModelRef(string Provider, string Model)
{
    /// <summary>
    /// Reads <c>provider/model</c> when the part before the first slash is one of <paramref name="providers"/>;
    /// otherwise the whole text is a model of <paramref name="defaultProvider"/> (model ids may hold slashes).
    /// </summary>
    public static ModelRef Parse(string text, string defaultProvider, IReadOnlyCollection<string> providers)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(providers);
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && providers.Contains(text[..slash], StringComparer.OrdinalIgnoreCase))
        {
            return new ModelRef(text[..slash].ToLowerInvariant(), text[(slash + 1)..]);
        }

        return new ModelRef(defaultProvider, text);
    }

    public override string ToString() => $"{Provider}/{Model}";
}
