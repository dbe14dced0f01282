using System.Diagnostics;
using System.Text.Json;
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

    [Theory]
    [InlineData("Agents__assistant__MaxTokens", "0", "Agents:assistant:MaxTokens")]
    [InlineData("Agents__assistant__MaxTokens", "many", "Agents:assistant:MaxTokens")]
    [InlineData("Security__KeysFile", "/nonexistent/api-keys.json", "Security:KeysFile names '/nonexistent/api-keys.json'")]
    [InlineData("Providers__Anthropic__ApiKeyFile", "/nonexistent/key", "/nonexistent/key")]
    public async Task Process_WithABadSetting_ExitsOneWithOneLineNamingIt(string variable, string value, string named)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(RepositoryPaths.ApiAssembly);
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Agents__assistant__Provider"] = "anthropic";
        start.Environment["Providers__Anthropic__ApiKey"] = "placeholder-key";
        start.Environment[variable] = value;
        if (variable.StartsWith("Providers__", StringComparison.Ordinal))
        {
            start.Environment.Remove("Providers__Anthropic__ApiKey");
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        string[] lines = (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(1, process.ExitCode);
        string line = Assert.Single(lines);
        using JsonDocument log = JsonDocument.Parse(line);
        Assert.Equal("critical", log.RootElement.GetProperty("level").GetString());
        Assert.Contains(named, log.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(log.RootElement.TryGetProperty("exception", out _), line);
        Assert.DoesNotContain("   at ", line, StringComparison.Ordinal);
    }
}
