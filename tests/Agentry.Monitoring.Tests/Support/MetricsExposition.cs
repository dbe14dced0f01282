namespace Agentry.Monitoring.Tests.Support;

/// <summary>The names in a Prometheus text exposition: every sample name, and every family named by # TYPE.</summary>
internal sealed class MetricsExposition
{
    private MetricsExposition(IReadOnlySet<string> samples, IReadOnlySet<string> families)
    {
        SampleNames = samples;
        FamilyNames = families;
    }

    /// <summary>Names as PromQL selects them: http_server_request_duration_seconds_bucket, agent_runs_total, ...</summary>
    public IReadOnlySet<string> SampleNames { get; }

    public IReadOnlySet<string> FamilyNames { get; }

    public static MetricsExposition Parse(string text)
    {
        var samples = new HashSet<string>(StringComparer.Ordinal);
        var families = new HashSet<string>(StringComparer.Ordinal);
        foreach (string raw in text.Split('\n'))
        {
            string line = raw.Trim();
            if (line.StartsWith("# TYPE ", StringComparison.Ordinal))
            {
                families.Add(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[2]);
            }
            else if (line.Length > 0 && line[0] != '#')
            {
                int end = line.IndexOfAny(['{', ' ']);
                samples.Add(end < 0 ? line : line[..end]);
            }
        }

        return new MetricsExposition(samples, families);
    }

    public bool Emits(string name) => SampleNames.Contains(name) || FamilyNames.Contains(name);
}
