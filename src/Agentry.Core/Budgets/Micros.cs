namespace Agentry.Core.Budgets;

/// <summary>Money as whole micro-dollars (1e-6 USD), so stores can add it atomically as integers.</summary>
public static class Micros
{
    public static long From(decimal usd) => (long)decimal.Ceiling(usd * 1_000_000m);

    public static decimal ToUsd(long micros) => micros / 1_000_000m;
}
