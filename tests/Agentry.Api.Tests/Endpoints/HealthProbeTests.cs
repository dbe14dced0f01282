using Agentry.Api.Hosting;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

public sealed class HealthProbeTests
{
    [Fact]
    public async Task Probe_AgainstReadyService_ExitsZero_AndAgainstNothing_ExitsOne()
    {
        await using AgentryServer server = await AgentryServer.StartAsync();

        Assert.Equal(0, await HealthProbe.RunAsync([HealthProbe.Flag, new Uri(server.Management.BaseAddress!, "/health/ready").ToString()]));
        Assert.Equal(1, await HealthProbe.RunAsync([HealthProbe.Flag, $"http://127.0.0.1:{FreePort.Next()}/health/ready"]));
    }
}
