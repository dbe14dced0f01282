using Agentry.Providers.Simulator;
using Agentry.Simulator;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Agentry.Integration.Tests;

/// <summary>The simulator's HTTP server in this process, as the upstream "Anthropic API" of a real Agentry process.</summary>
internal sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app) => _app = app;

    public string BaseUrl => SimulatorServer.BoundAddress(_app).ToString().TrimEnd('/');

    public SimulatorStats Stats => _app.Services.GetRequiredService<SimulatorStats>();

    /// <summary>The live options: tests change fault settings while the server runs.</summary>
    public SimulatorOptions Options => _app.Services.GetRequiredService<IOptions<SimulatorOptions>>().Value;

    public static async Task<SimulatorHost> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        WebApplication app = SimulatorServer.Build(["--urls", "http://127.0.0.1:0"], configure);
        await app.StartAsync();
        return new SimulatorHost(app);
    }

    /// <summary>Settings that point an Agentry process's agent at this simulator through the real Anthropic SDK.</summary>
    public Dictionary<string, string> AnthropicSettings(string agent = "assistant") => new()
    {
        [$"Agents__{agent}__Provider"] = "anthropic",
        ["Providers__Anthropic__ApiKey"] = "sk-ant-simulated-key-000",
        ["Providers__Anthropic__BaseUrl"] = BaseUrl,
    };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
