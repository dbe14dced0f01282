using System.Text.Json.Serialization;

namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

/// <summary>One alerting rule (<see cref="Alert"/>) or recording rule (<see cref="Record"/>).</summary>
public sealed class PrometheusRuleEntry
{
    public string? Alert { get; set; }

    public string? Record { get; set; }

    public string Expr { get; set; } = string.Empty;

    public string? For { get; set; }

    [JsonPropertyName("keep_firing_for")]
    public string? KeepFiringFor { get; set; }

    public IDictionary<string, string>? Labels { get; set; }

    public IDictionary<string, string>? Annotations { get; set; }
}
