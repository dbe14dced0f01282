namespace Agentry.Monitoring.Tests.Support;

/// <summary>PendingMetrics.txt: names used before the service emits them, each with the work that adds it.</summary>
internal static class PendingMetrics
{
    public static IReadOnlyDictionary<string, string> Load()
    {
        var pending = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string raw in File.ReadAllLines(MonitoringPaths.PendingMetrics))
        {
            string line = raw.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] parts = line.Split((char[]?)null, 2, StringSplitOptions.RemoveEmptyEntries);
            Assert.True(parts.Length == 2, $"PendingMetrics.txt: '{line}' needs a name and the work that adds it.");
            Assert.True(pending.TryAdd(parts[0], parts[1].Trim()), $"PendingMetrics.txt lists {parts[0]} twice.");
        }

        return pending;
    }
}
