using Agentry.Api.Tests.Support;
using Agentry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Tests.Endpoints;

public sealed class StartupTests
{
    [Theory]
    [InlineData("--Agents:broken:MaxTokens=0", "Agents:broken:MaxTokens")]
    [InlineData("--Agents:broken:Tools:0=shell", "Agents:broken:Tools")]
    [InlineData("--Agents:broken:Provider=mystery", "Agents:broken:Provider")]
    [InlineData("--Agents:broken:RunDeadline=00:00:00", "Agents:broken:RunDeadline")]
    [InlineData("--Agents:Bad Name:Model=x", "Agents:Bad Name")]
    public async Task Start_WithBadAgentDefinition_FailsNamingTheSetting(string setting, string named)
    {
        await using WebApplication app = AgentryServer.Build(out _, out _, setting);

        OptionsValidationException ex = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnthropicProviderAndNoKey_FailsSayingWhatToSet()
    {
        await using WebApplication app = AgentryServer.Build(out _, out _, "--Agents:assistant:Provider=anthropic", "--Providers:Anthropic:ApiKeyFile=/nonexistent/key");

        Exception ex = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Contains("/nonexistent/key", ex.ToString(), StringComparison.Ordinal);
    }
}
