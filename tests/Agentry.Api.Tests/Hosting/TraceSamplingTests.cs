using System.Diagnostics;
using Agentry.Core.Telemetry;
using Agentry.Testing;

namespace Agentry.Api.Tests.Hosting;

/// <summary>
/// No trace exporter is configured, so by default spans carry ids but record nothing; <c>OTEL_TRACES_SAMPLER</c>
/// still turns recording on. Both cases in one test: the tracer provider's listener is process-wide.
/// </summary>
public sealed class TraceSamplingTests
{
    [Fact]
    public async Task Spans_KeepTheirIdsButRecordNothing_UnlessASamplerIsConfigured()
    {
        await using (AgentryServer server = await AgentryServer.StartAsync())
        {
            using Activity? activity = AgentryTelemetry.ActivitySource.StartActivity("probe");
            Assert.NotNull(activity);
            Assert.NotEqual(default, activity.TraceId);
            Assert.False(activity.Recorded);
            Assert.False(activity.IsAllDataRequested);
        }

        await using (AgentryServer server = await AgentryServer.StartAsync("--OTEL_TRACES_SAMPLER=always_on"))
        {
            using Activity? activity = AgentryTelemetry.ActivitySource.StartActivity("probe");
            Assert.NotNull(activity);
            Assert.True(activity.Recorded);
        }
    }
}
