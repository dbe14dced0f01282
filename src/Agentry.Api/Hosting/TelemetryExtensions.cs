using Agentry.Core.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Agentry.Api.Hosting;

/// <summary>
/// Metrics (Prometheus on the management port) and traces (ids in every log line and in the <c>traceparent</c> of
/// every model call). With an OTLP endpoint in the standard variables (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or a
/// signal's own <c>OTEL_EXPORTER_OTLP_{TRACES,METRICS,LOGS}_ENDPOINT</c>, with <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and
/// <c>OTEL_EXPORTER_OTLP_HEADERS</c>), traces, metrics and logs are also exported over OTLP (to Alloy, an OpenTelemetry
/// Collector, Tempo) and spans are sampled by the SDK's default. Without one, spans are not recorded unless
/// <c>OTEL_TRACES_SAMPLER</c> asks for them: the ids still flow (see <see cref="TraceSamplerVariable"/>).
/// </summary>
internal static class TelemetryExtensions
{
    // Agent runs last seconds to minutes: the default HTTP buckets stop at 10 s. 30 s is a bucket edge so a
    // 30 s latency SLO is read exactly.
    private static readonly double[] LongRequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 20, 30, 60, 120, 300];

    /// <summary>
    /// The OpenTelemetry variable that chooses the sampler. Unset, the service uses <see cref="AlwaysOffSampler"/>:
    /// activities still carry trace and span ids (the SDK keeps their propagation data), but nothing records their
    /// tags and events, which nothing here would export (2.8 KiB and a few per cent of CPU per run).
    /// </summary>
    public const string TraceSamplerVariable = "OTEL_TRACES_SAMPLER";

    /// <summary>The standard variables that name an OTLP endpoint: any one of them turns the OTLP export on.</summary>
    private static readonly string[] OtlpEndpointVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_METRICS_ENDPOINT", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT",
    ];

    /// <summary>Whether <paramref name="configuration"/> (environment variables included) names an OTLP endpoint.</summary>
    private static bool ExportsOtlp(IConfiguration configuration) =>
        OtlpEndpointVariables.Any(name => !string.IsNullOrWhiteSpace(configuration[name]));

    public static IServiceCollection AddAgentryTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<AgentryMetrics>();
        bool otlp = ExportsOtlp(configuration);
        OpenTelemetryBuilder telemetry = services.AddOpenTelemetry()
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
                .AddHttpClientInstrumentation()
                .ConfigureServices(traceServices => traceServices.ConfigureOpenTelemetryTracerProvider((provider, builder) =>
                {
                    if (!otlp && string.IsNullOrEmpty(provider.GetRequiredService<IConfiguration>()[TraceSamplerVariable]))
                    {
                        builder.SetSampler(new AlwaysOffSampler());
                    }
                })));
        if (otlp)
        {
            // One exporter for the three signals, configured by the standard OTEL_EXPORTER_OTLP_* variables.
            telemetry.UseOtlpExporter();
        }

        return services;
    }
}
