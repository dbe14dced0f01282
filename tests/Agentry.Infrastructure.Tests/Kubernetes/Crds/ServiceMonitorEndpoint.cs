namespace Agentry.Infrastructure.Tests.Kubernetes.Crds;

public sealed class ServiceMonitorEndpoint
{
    /// <summary>Name of the Service port (the operator's recommended way to address it).</summary>
    public string? Port { get; set; }

    public string? Path { get; set; }

    public string? Scheme { get; set; }

    public string? Interval { get; set; }

    public string? ScrapeTimeout { get; set; }

    public bool? HonorLabels { get; set; }
}
