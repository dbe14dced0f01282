using Agentry.Core.Agents;
using Agentry.Core.Costs;
using Microsoft.Extensions.Options;

namespace Agentry.Core.Tests.Costs;

public sealed class PriceTableTests
{
    private static PriceTable Table(PricingOptions? options = null) => new(Options.Create(options ?? new PricingOptions()));

    [Fact]
    public void Price_SonnetWithCacheTokens_MatchesHandComputedFigure()
    {
        // 2,000 input at $3/M = 0.006; 500 output at $15/M = 0.0075;
        // 10,000 cache read at $0.30/M = 0.003; 1,000 cache write at $3.75/M = 0.00375.
        RunCost cost = Table().Price("claude-sonnet-4-5-20250929", new RunUsage(2000, 500, 10_000, 1000));

        Assert.Equal(0.006m, cost.Input);
        Assert.Equal(0.0075m, cost.Output);
        Assert.Equal(0.003m, cost.CacheRead);
        Assert.Equal(0.00375m, cost.CacheWrite);
        Assert.Equal(0.02025m, cost.Total);
    }

    [Fact]
    public void Find_PrefersLongestPrefix()
    {
        PriceTable table = Table();

        Assert.Equal(5m, table.Find("claude-opus-4-5").Price.InputPerMillion);
        Assert.Equal(15m, table.Find("claude-opus-4-1").Price.InputPerMillion);
    }

    [Fact]
    public void Find_UnknownModel_UsesFallbackAndSaysSo()
    {
        var options = new PricingOptions { Fallback = new ModelPrice { InputPerMillion = 7m, OutputPerMillion = 9m } };

        (ModelPrice price, bool known) = Table(options).Find("llama-3-70b");

        Assert.False(known);
        Assert.Equal(7m, price.InputPerMillion);
    }
}
