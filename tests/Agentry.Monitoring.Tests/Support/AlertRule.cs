namespace Agentry.Monitoring.Tests.Support;

/// <summary>One alerting rule as written in a rule file (Prometheus or Loki ruler).</summary>
internal sealed record AlertRule(
    string File,
    string Group,
    string Name,
    string Expression,
    TimeSpan For,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyDictionary<string, string> Annotations)
{
    public string Severity => Labels.TryGetValue("severity", out string? severity) ? severity : "";

    public override string ToString() => $"{Name} ({Severity}) in {MonitoringPaths.Relative(File)}";
}
