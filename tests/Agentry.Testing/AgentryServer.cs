using Agentry.Api.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Agentry.Testing;

/// <summary>The real service, started in this process on two free loopback ports.</summary>
public sealed class AgentryServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AgentryServer(WebApplication app, Uri api, Uri management)
    {
        _app = app;
        Api = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        Management = new HttpClient { BaseAddress = management, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Api { get; }

    public HttpClient Management { get; }

    public IServiceProvider Services => _app.Services;

    public static Task<AgentryServer> StartAsync(params string[] settings) => StartAsync(replaceServices: null, settings);

    /// <summary>Starts with some registrations replaced after the service's own (a fake clock, a capturing audit writer).</summary>
    public static async Task<AgentryServer> StartAsync(Action<IServiceCollection>? replaceServices, params string[] settings)
    {
        WebApplication app = Build(out Uri api, out Uri management, replaceServices, settings);
        await app.StartAsync();
        return new AgentryServer(app, api, management);
    }

    /// <summary>Builds without starting, for tests of start-up validation.</summary>
    public static WebApplication Build(out Uri api, out Uri management, params string[] settings) => Build(out api, out management, null, settings);

    private static WebApplication Build(out Uri api, out Uri management, Action<IServiceCollection>? replaceServices, string[] settings)
    {
        api = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        management = new Uri($"http://127.0.0.1:{FreePort.Next()}");
        // Development with no keys: anonymous loopback callers. Security tests pass keys and --environment=Production.
        string[] args =
        [
            "--environment=Development",
            $"--Kestrel:Endpoints:Api:Url={api}",
            $"--Kestrel:Endpoints:Management:Url={management}",
            "--Logging:LogLevel:Default=Warning",
            "--Agents:assistant:Provider=simulator",
            .. settings,
        ];
        return AgentryApp.Build(args, replaceServices);
    }

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Management.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
