namespace Agentry.Core.Costs;

/// <summary>What one model call cost, by component, in USD.</summary>
public readonly record struct RunCost(decimal Input, decimal Output, decimal CacheRead, decimal CacheWrite)
{
    public decimal Total => Input + Output + CacheRead + CacheWrite;
}
