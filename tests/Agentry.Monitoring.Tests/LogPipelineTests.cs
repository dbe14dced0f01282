using System.Globalization;
using System.Text.Json.Nodes;
using Agentry.Monitoring.Tests.Support;

namespace Agentry.Monitoring.Tests;

/// <summary>
/// No Loki, Promtail or Alloy binary runs here, so the log pipeline is held to the real log format instead: every
/// field the Promtail and Alloy JSON stages extract, and every field and label the Loki rules and the Logs dashboard
/// read, exists in lines captured from the running service.
/// </summary>
public sealed class LogPipelineTests(ServiceLogs logs) : IClassFixture<ServiceLogs>
{
    private static readonly string[] BaseFields = ["timestamp", "level", "message", "category"];
    private static readonly string[] LowCardinalityLabels = ["service", "level", "container", "stream", "namespace", "pod"];
    private static readonly string[] FrameworkEvents = ["UnhandledException", "ApplicationError"];
    public static TheoryData<string> Pipelines => new("promtail", "alloy");

    [Fact]
    public void ServiceLogs_AreOneJsonObjectPerLine()
    {
        Assert.NotEmpty(logs.Lines);
        Assert.All(logs.RawLines.Where(l => l.Length > 0), line => Assert.StartsWith("{", line, StringComparison.Ordinal));
        Assert.All(logs.Lines, line =>
        {
            foreach (string field in BaseFields)
            {
                Assert.True(line.ContainsKey(field), $"'{field}' missing from {line.ToJsonString()}");
            }
        });
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void JsonStage_ExtractsOnlyFieldsTheServiceWrites(string pipeline)
    {
        LogPipeline config = Load(pipeline);
        Assert.NotEmpty(config.JsonStages);

        string[] missing = config.ExtractedFields.Where(field => !logs.Fields.Contains(field)).ToArray();

        Assert.True(missing.Length == 0, $"{pipeline} extracts {string.Join(", ", missing)}, which no captured log line has. Fields seen: {string.Join(", ", logs.Fields.Order(StringComparer.Ordinal))}");
    }

    [Theory]
    [MemberData(nameof(Pipelines))]
    public void JsonStage_ExtractsTheTimestampLevelAndTraceFields(string pipeline)
    {
        Assert.Superset(new HashSet<string> { "timestamp", "level", "trace_id", "span_id", "run_id" }, Load(pipeline).ExtractedFields.ToHashSet());
    }

    [Fact]
    public void PromtailAndAlloy_ExtractTheSameFieldsAndSetTheSameLabels()
    {
        LogPipeline promtail = LogPipeline.Promtail();
        LogPipeline alloy = LogPipeline.Alloy();

        Assert.Equal(promtail.ExtractedFields.Order(StringComparer.Ordinal), alloy.ExtractedFields.Order(StringComparer.Ordinal));
        Assert.Equal(promtail.Labels.Order(StringComparer.Ordinal), alloy.Labels.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Labels_AreLowCardinalityOnly()
    {
        Assert.All(LogPipeline.Promtail().Labels.Concat(LogPipeline.Alloy().Labels), label => Assert.Contains(label, LowCardinalityLabels));
    }

    [Fact]
    public void TimestampStage_FormatParsesTheServiceTimestamps()
    {
        Assert.All(logs.Lines, line => Assert.True(
            DateTimeOffset.TryParseExact(line["timestamp"]!.ToString(), "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            $"timestamp is not RFC 3339: {line.ToJsonString()}"));
    }

    [Fact]
    public void LogQueries_UseOnlyLabelsThePipelinesSet()
    {
        var labels = LogPipeline.Promtail().Labels.Intersect(LogPipeline.Alloy().Labels).ToHashSet(StringComparer.Ordinal);

        foreach ((string where, string query) in LogQueries())
        {
            Assert.All(LogQl.StreamLabels(query), label => Assert.True(labels.Contains(label), $"{where}: stream label '{label}' is set by neither pipeline: {query}"));
        }
    }

    [Fact]
    public void LogQueries_ReadOnlyFieldsTheServiceWrites()
    {
        var labels = LogPipeline.Promtail().Labels;

        foreach ((string where, string query) in LogQueries())
        {
            string[] missing = LogQl.Fields(query).Where(f => !logs.Fields.Contains(f) && !labels.Contains(f)).ToArray();
            Assert.True(missing.Length == 0, $"{where} reads {string.Join(", ", missing)}, which no captured log line has: {query}");
        }
    }

    [Fact]
    public void LogQueries_NameEventsTheServiceLogs()
    {
        // Events the test cannot provoke (an unhandled exception is a bug) are named by ASP.NET Core itself.
        var events = logs.Lines.Select(l => l["event_name"]?.ToString()).Where(e => e is not null).ToHashSet(StringComparer.Ordinal);

        foreach ((string where, string query) in LogQueries())
        {
            foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(query, "event_name\\s*=~?\\s*\"(?<names>[^\"]+)\""))
            {
                foreach (string name in match.Groups["names"].Value.Split('|').Where(n => !FrameworkEvents.Contains(n)))
                {
                    Assert.True(events.Contains(name), $"{where} filters on event_name {name}, which the service did not log. Seen: {string.Join(", ", events)}");
                }
            }
        }
    }

    private static LogPipeline Load(string pipeline) => pipeline == "promtail" ? LogPipeline.Promtail() : LogPipeline.Alloy();

    private static IEnumerable<(string Where, string Query)> LogQueries()
    {
        foreach (AlertRule rule in RuleFiles.LokiAlerts)
        {
            yield return ($"Loki rule {rule.Name}", rule.Expression);
        }

        foreach (GrafanaDashboard dashboard in GrafanaDashboard.All)
        {
            foreach (DashboardTarget target in dashboard.LokiTargets)
            {
                yield return ($"{dashboard.Name} / {target.Panel}", dashboard.Substitute(target.Expression));
            }
        }
    }
}
