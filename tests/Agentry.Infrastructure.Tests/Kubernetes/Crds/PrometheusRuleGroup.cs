using System.Text.Json.Serialization;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>A rule group, as in a Prometheus rule file.</summary>
public sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = string.Empty;

    public string? Interval { get; set; }

    public int? Limit { get; set; }

    [JsonPropertyName("query_offset")]
    public string? QueryOffset { get; set; }

    public IDictionary<string, string>? Labels { get; set; }

    public IList<PrometheusRuleEntry> Rules { get; set; } = [];
}
