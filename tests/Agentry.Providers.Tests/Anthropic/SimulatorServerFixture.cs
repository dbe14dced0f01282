using Agentry.Simulator;
using Microsoft.AspNetCore.Builder;

namespace Agentry.Providers.Tests.Anthropic;

/// <summary>The Anthropic simulator server, started in process on a free loopback port for one test class.</summary>
public sealed class SimulatorServerFixture : IAsyncLifetime
{
    private WebApplication? _app;

    /// <summary>Base URL without the trailing slash, as the Anthropic SDK's BaseUrl expects.</summary>
    public string BaseUrl { get; private set; } = "";

    public SimulatorStats Stats => (SimulatorStats)_app!.Services.GetService(typeof(SimulatorStats))!;

    public async Task InitializeAsync()
    {
        _app = SimulatorServer.Build(["--urls", "http://127.0.0.1:0"]);
        await _app.StartAsync();
        BaseUrl = SimulatorServer.BoundAddress(_app).ToString().TrimEnd('/');
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
