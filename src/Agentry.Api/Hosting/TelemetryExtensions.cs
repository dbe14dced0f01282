using Agentry.Core.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Agentry.Api.Hosting;

/// <summary>Metrics (Prometheus on the management port) and traces (ids in every log line).</summary>
internal static class TelemetryExtensions
{
    // Agent runs last seconds to minutes: the default HTTP buckets stop at 10 s. 30 s is a bucket edge so a
    // 30 s latency SLO is read exactly.
    private static readonly double[] LongRequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

    public static IServiceCollection AddAgentryTelemetry(this IServiceCollection services)
    {
        services.AddSingleton<AgentryMetrics>();
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("agentry"))
            .WithMetrics(metrics => metrics
                .AddMeter(AgentryTelemetry.MeterName, AgentryTelemetry.ExtensionsAiSourceName)
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddView("http.server.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LongRequestBuckets })
                .AddView("http.client.request.duration", new ExplicitBucketHistogramConfiguration { Boundaries = LongRequestBuckets })
                // No response cache: a scrape right after a run must see it (tests and humans both check that way).
                .AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0))
            .WithTracing(tracing => tracing
                .AddSource(AgentryTelemetry.ActivitySourceName, AgentryTelemetry.ExtensionsAiSourceName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/health") && !context.Request.Path.StartsWithSegments("/metrics"))
                .AddHttpClientInstrumentation());
        return services;
    }
}
