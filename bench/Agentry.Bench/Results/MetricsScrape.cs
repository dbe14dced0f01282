using System.Globalization;

namespace Agentry.Bench.Results;

/// <summary>The counters of the service's <c>/metrics</c> the bench reads: bytes allocated, Redis calls, failed Redis calls, runs in flight.</summary>
internal sealed record MetricsScrape(double AllocatedBytes, double RedisCalls, double RedisFailures, double RunsInFlight, IReadOnlyDictionary<string, double> RedisCallsByOperation)
{
    public static async Task<MetricsScrape> ReadAsync(HttpClient client, Uri metrics, CancellationToken cancellationToken)
    {
        string text = await client.GetStringAsync(metrics, cancellationToken).ConfigureAwait(false);
        double allocated = 0;
        double redis = 0;
        double failures = 0;
        double inFlight = 0;
        var byOperation = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (string line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_heap_total_allocated_bytes_total", StringComparison.Ordinal))
            {
                allocated += Value(line);
            }
            else if (line.StartsWith("agent_runs_in_flight", StringComparison.Ordinal) && !line.StartsWith("agent_runs_in_flight_", StringComparison.Ordinal))
            {
                inFlight += Value(line);
            }
            else if (line.StartsWith("agent_redis_calls_total{", StringComparison.Ordinal) && !line.Contains("operation=\"ping\"", StringComparison.Ordinal))
            {
                // Health probes ping Redis on their own schedule; only the calls runs make are counted.
                double value = Value(line);
                redis += value;
                string operation = Label(line, "operation");
                byOperation[operation] = byOperation.GetValueOrDefault(operation) + value;
                if (!line.Contains("outcome=\"ok\"", StringComparison.Ordinal))
                {
                    failures += value;
                }
            }
        }

        return new MetricsScrape(allocated, redis, failures, inFlight, byOperation);
    }

    /// <summary>Calls per run of each operation between two scrapes, operations with none left out.</summary>
    public static Dictionary<string, double> PerRun(MetricsScrape start, MetricsScrape end, long runs)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(end);
        var perRun = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach ((string operation, double count) in end.RedisCallsByOperation)
        {
            double delta = count - start.RedisCallsByOperation.GetValueOrDefault(operation);
            if (delta > 0)
            {
                perRun[operation] = Math.Round(delta / runs, 3);
            }
        }

        return perRun;
    }

    private static string Label(string line, string name)
    {
        string key = name + "=\"";
        int start = line.IndexOf(key, StringComparison.Ordinal);
        if (start < 0)
        {
            return "unknown";
        }

        start += key.Length;
        int end = line.IndexOf('"', start);
        return end < 0 ? "unknown" : line[start..end];
    }

    private static double Value(string line)
    {
        // "name{labels} value" or "name{labels} value timestamp".
        string[] parts = line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ');
        return double.Parse(parts[0], CultureInfo.InvariantCulture);
    }
}
