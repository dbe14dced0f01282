using Agentry.Core.Agents;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Costs;

/// <summary>Prices token usage by model, matching the longest configured model-id prefix.</summary>
public sealed class PriceTable
{
    private const decimal Million = 1_000_000m;
    private readonly KeyValuePair<string, ModelPrice>[] _byLongestPrefix;
    private readonly ModelPrice _fallback;

    public PriceTable(IOptions<PricingOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _byLongestPrefix = options.Value.Models.OrderByDescending(p => p.Key.Length).ToArray();
        _fallback = options.Value.Fallback;
    }

    /// <summary>The price for a model id, and whether the table knew it.</summary>
    public (ModelPrice Price, bool Known) Find(string model)
    {
        ArgumentNullException.ThrowIfNull(model);
        foreach (KeyValuePair<string, ModelPrice> entry in _byLongestPrefix)
        {
            if (model.StartsWith(entry.Key, StringComparison.OrdinalIgnoreCase))
            {
                return (entry.Value, true);
            }
        }

        return (_fallback, false);
    }

    public RunCost Price(string model, RunUsage usage)
    {
        ModelPrice price = Find(model).Price;
        return new RunCost(
            usage.InputTokens * price.InputPerMillion / Million,
            usage.OutputTokens * price.OutputPerMillion / Million,
            usage.CacheReadTokens * price.CacheReadPerMillion / Million,
            usage.CacheWriteTokens * price.CacheWritePerMillion / Million);
    }
}
