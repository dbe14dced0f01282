using System.Net;
using Agentry.Api.Security;
using Agentry.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Api.Tests.Security;

/// <summary>
/// Anonymous calls (Development, no keys) are accepted from loopback only. A test server cannot be reached from
/// another address here, so the service's own authentication handler, built from the running service's
/// container, is given requests that came from the addresses in question.
/// </summary>
public sealed class AnonymousAddressTests
{
    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("::1", true)]
    [InlineData("::ffff:127.0.0.1", true)]
    [InlineData("10.1.2.3", false)]
    [InlineData("192.168.0.7", false)]
    [InlineData("2001:db8::5", false)]
    [InlineData("::ffff:10.1.2.3", false)]
    public async Task AnonymousCaller_IsAcceptedFromLoopbackOnly(string remote, bool accepted)
    {
        await using AgentryServer server = await AgentryServer.StartAsync("--environment=Development");
        Assert.True(server.Services.GetRequiredService<AnonymousAccess>().Enabled);

        AuthenticateResult result = await AuthenticateAsync(server, IPAddress.Parse(remote), allowAnyAddress: false);

        Assert.Equal(accepted, result.Succeeded);
        if (!accepted)
        {
            // No principal: authorization then answers 401, as for a missing key.
            Assert.True(result.None);
        }
    }

    [Fact]
    public async Task AnyAddressSetting_AcceptsOtherAddresses()
    {
        await using AgentryServer development = await AgentryServer.StartAsync("--environment=Development", "--Security:AllowAnonymousFromAnyAddress=true");
        Assert.True((await AuthenticateAsync(development, IPAddress.Parse("10.1.2.3"), allowAnyAddress: true)).Succeeded);
    }

    private static async Task<AuthenticateResult> AuthenticateAsync(AgentryServer server, IPAddress remote, bool allowAnyAddress)
    {
        await using AsyncServiceScope scope = server.Services.CreateAsyncScope();
        Assert.Equal(allowAnyAddress, scope.ServiceProvider.GetRequiredService<AnonymousAccess>().AnyAddress);
        var context = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        context.Connection.RemoteIpAddress = remote;
        context.Request.Path = "/v1/agents";
        ApiKeyAuthenticationHandler handler = ActivatorUtilities.CreateInstance<ApiKeyAuthenticationHandler>(scope.ServiceProvider);
        await handler.InitializeAsync(new AuthenticationScheme(ApiKeyAuthenticationHandler.SchemeName, null, typeof(ApiKeyAuthenticationHandler)), context);
        return await handler.AuthenticateAsync();
    }
}
