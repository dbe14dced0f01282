using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// No dangling names: every series a rule, an alert or a dashboard selects is in the running service's /metrics or
/// in the running redis_exporter's (redis_*), is a recording rule, is one Prometheus makes itself, or is listed in
/// PendingMetrics.txt with the work that will add it.
/// </summary>
[Collection(LiveMonitoringDefinition.Name)]
public sealed class MetricNameTests(LiveMonitoring stack)
{
    /// <summary>Series Prometheus writes itself, not scraped from a target.</summary>
    private static readonly HashSet<string> PrometheusSeries = new(StringComparer.Ordinal) { "up", "ALERTS", "ALERTS_FOR_STATE" };

    [Fact]
    public void EveryReferencedMetric_IsEmittedByTheServiceOrPending()
    {
        IReadOnlyDictionary<string, string> pending = PendingMetrics.Load();
        var recorded = RuleFiles.Records.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

        string[] dangling = References()
            .Where(r => !recorded.Contains(r.Name) && !PrometheusSeries.Contains(r.Name))
            .Where(r => !stack.Metrics.SampleNames.Contains(r.Name) && !stack.RedisMetrics.SampleNames.Contains(r.Name) && !pending.ContainsKey(r.Name))
            .Select(r => $"{r.Name} (used by {r.Where})").Distinct().Order(StringComparer.Ordinal).ToArray();

        Assert.True(dangling.Length == 0, "Not in the service's or redis_exporter's /metrics and not in PendingMetrics.txt:\n" + string.Join("\n", dangling));
    }

    [Fact]
    public void PendingMetrics_AreNotEmittedYet()
    {
        string[] landed = PendingMetrics.Load().Keys.Where(stack.Metrics.Emits).ToArray();

        Assert.True(landed.Length == 0, "The service emits these now: delete them from PendingMetrics.txt: " + string.Join(", ", landed));
    }

    [Fact]
    public void PendingMetrics_AreAllStillUsed()
    {
        var used = References().Select(r => r.Name).ToHashSet(StringComparer.Ordinal);

        Assert.All(PendingMetrics.Load().Keys, name => Assert.Contains(name, used));
    }

    [Fact]
    public void ServiceMetrics_IncludeTheFamiliesTheMonitoringIsBuiltOn()
    {
        string[] expected =
        [
            "gen_ai_client_operation_duration_seconds_bucket", "gen_ai_client_token_usage_sum", "gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
            "gen_ai_invoke_agent_duration_seconds_bucket", "gen_ai_execute_tool_duration_seconds_count", "agent_runs_total", "agent_llm_cost_usd_total",
            "agent_llm_cache_tokens_total", "agent_pricing_unknown_model_total", "agent_runs_in_flight", "agent_request_overhead_seconds_bucket",
            "agent_cache_lookups_total", "agent_circuit_breaker_state", "agent_redis_calls_total", "http_server_request_duration_seconds_bucket",
            "http_client_request_duration_seconds_count", "kestrel_active_connections", "dotnet_thread_pool_queue_length",
        ];

        Assert.All(expected, name => Assert.Contains(name, stack.Metrics.SampleNames));
    }

    private static IEnumerable<(string Name, string Where)> References()
    {
        foreach (RecordingRule rule in RuleFiles.Records)
        {
            foreach (string name in PromQl.MetricNames(rule.Expression))
            {
                yield return (name, "recording rule " + rule.Name);
            }
        }

        foreach (AlertRule alert in RuleFiles.PrometheusAlerts)
        {
            foreach (string name in PromQl.MetricNames(alert.Expression))
            {
                yield return (name, "alert " + alert.Name);
            }
        }

        foreach (GrafanaDashboard dashboard in GrafanaDashboard.All)
        {
            foreach (DashboardTarget target in dashboard.PrometheusTargets.Concat(dashboard.PrometheusAnnotations))
            {
                foreach (string name in PromQl.MetricNames(target.Expression))
                {
                    yield return (name, $"{dashboard.Name} / {target.Panel}");
                }
            }

            foreach (var variable in dashboard.Variables.Where(v => v.Text("type") == "query"))
            {
                string query = variable.Text("query");
                string selector = query.StartsWith("label_values(", StringComparison.Ordinal) ? query["label_values(".Length..query.LastIndexOf(',')] : query;
                foreach (string name in PromQl.MetricNames(selector))
                {
                    yield return (name, $"{dashboard.Name} variable ${variable.Text("name")}");
                }
            }
        }
    }
}
