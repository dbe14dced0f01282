using System.Globalization;

namespace Agentry.Testing;

/// <summary>Reads samples out of a Prometheus text exposition (<c>GET /metrics</c>).</summary>
public static class PrometheusText
{
    /// <summary>
    /// The sum of every sample of <paramref name="name"/> whose label set contains all of <paramref name="labels"/>
    /// (written <c>key="value"</c>); 0 when there is none.
    /// </summary>
    public static double Sum(string metrics, string name, params string[] labels)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(labels);
        double total = 0;
        foreach (string line in metrics.Split('\n'))
        {
            if (line.StartsWith(name + "{", StringComparison.Ordinal) && Array.TrueForAll(labels, label => line.Contains(label, StringComparison.Ordinal)))
            {
                total += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
            }
        }

        return total;
    }
}
