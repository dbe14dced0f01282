using System.Net;
using Agentry.Testing;

namespace Agentry.Api.Tests.Hosting;

/// <summary><c>Kestrel:Limits:…</c> settings reach the server (connections, headers), as operators expect of ASP.NET Core.</summary>
public sealed class KestrelLimitsTests
{
    [Fact]
    public async Task HeaderCountLimit_FromConfiguration_RefusesARequestWithMoreHeaders()
    {
        await using AgentryServer server = await AgentryServer.StartAsync("--Kestrel:Limits:MaxRequestHeaderCount=8");

        using var few = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        using HttpResponseMessage allowed = await server.Api.SendAsync(few);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);

        using var many = new HttpRequestMessage(HttpMethod.Get, "/v1/agents");
        for (int i = 0; i < 12; i++)
        {
            many.Headers.Add($"x-extra-{i}", "1");
        }

        using HttpResponseMessage refused = await server.Api.SendAsync(many);
        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, refused.StatusCode);
    }
}
