namespace Agentry.Bench.Scenarios;

/// <summary>A performance target checked against one figure of a result (lower is better unless <see cref="AtLeast"/>).</summary>
internal sealed record Target(string Metric, double Limit, bool AtLeast = false)
{
    public bool IsMetBy(double measured) => AtLeast ? measured >= Limit : measured <= Limit;
}
