using System.Net;
using System.Text.Json;
using Agentry.Api.Tests.Support;
using Agentry.Testing;

namespace Agentry.Api.Tests.Endpoints;

[Collection(AgentryTestGroup.Name)]
public sealed class ManagementEndpointTests(AgentryFixture fixture)
{
    private AgentryServer Server => fixture.Server;

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/health")]
    public async Task ManagementPath_IsServedOnManagementPortOnly(string path)
    {
        Assert.Equal(HttpStatusCode.OK, (await Server.Management.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Api.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task ApiPath_IsNotServedOnManagementPort()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Management.GetAsync("/v1/agents")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Server.Management.PostAsync("/v1/agents/assistant/runs", JsonHttp.Body("""{"input":"hi"}"""))).StatusCode);
    }

    [Fact]
    public async Task ManagementPath_WithForgedHostHeader_IsStillNotServedOnApiPort()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Host = Server.Management.BaseAddress!.Authority;

        Assert.Equal(HttpStatusCode.NotFound, (await Server.Api.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task DetailedHealth_ReportsChecksAsJson()
    {
        JsonElement report = await JsonHttp.ReadAsync(await Server.Management.GetAsync("/health"));

        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal("simulator/claude-sonnet-4-5", report.GetProperty("checks").GetProperty("agents").GetProperty("data").GetProperty("assistant").GetString());
        Assert.Equal("Healthy", report.GetProperty("checks").GetProperty("process").GetProperty("status").GetString());
        JsonElement circuits = report.GetProperty("checks").GetProperty("model_circuits");
        Assert.Equal("Healthy", circuits.GetProperty("status").GetString());
        Assert.Equal("closed", circuits.GetProperty("data").GetProperty("simulator/claude-sonnet-4-5").GetString());
    }
}
