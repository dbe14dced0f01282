namespace Agentry.Core.Costs;

/// <summary>The <c>Pricing</c> configuration section: model prices in USD per million tokens.</summary>
public sealed class PricingOptions
{
    public const string SectionName = "Pricing";

    /// <summary>When the defaults below were last checked against the provider's price list.</summary>
    public string CheckedOn { get; set; } = "2026-11-01";

    /// <summary>Model id (or id prefix, longest wins) to price. Configuration adds to and overrides the defaults.</summary>
    public IDictionary<string, ModelPrice> Models { get; } = new Dictionary<string, ModelPrice>(StringComparer.OrdinalIgnoreCase)
    {
        ["claude-opus-4"] = Price(15m, 75m),
        ["claude-opus-4-5"] = Price(5m, 25m),
        ["claude-sonnet-4"] = Price(3m, 15m),
        ["claude-haiku-4"] = Price(1m, 5m),
        ["claude-3-5-haiku"] = Price(0.8m, 4m),
    };

    /// <summary>Price used for a model the table does not know; such runs are flagged in logs and metrics.</summary>
    public ModelPrice Fallback { get; set; } = Price(3m, 15m);

    // Anthropic bills a 5-minute cache write at 1.25x input and a cache read at 0.1x input.
    private static ModelPrice Price(decimal input, decimal output) => new()
    {
        InputPerMillion = input,
        OutputPerMillion = output,
        CacheReadPerMillion = input * 0.1m,
        CacheWritePerMillion = input * 1.25m,
    };
}
