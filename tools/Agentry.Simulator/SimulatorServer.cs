using System.Globalization;
using Agentry.Providers.Simulator;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Agentry.Simulator;

/// <summary>
/// An HTTP server that speaks the Anthropic Messages API, answering with <see cref="SimulatorEngine"/>, so the
/// official SDK (and anything else that talks to Anthropic) can run offline against it.
/// </summary>
public static class SimulatorServer
{
    public const string DefaultUrl = "http://127.0.0.1:9100";

    /// <summary>
    /// Builds the server. <c>--urls</c> (or ASPNETCORE_URLS) picks the address; <c>--port N</c> is a shorthand
    /// for http://127.0.0.1:N; with neither it listens on <see cref="DefaultUrl"/>. The <c>Simulator</c>
    /// configuration section binds to <see cref="SimulatorOptions"/>, then <paramref name="configure"/> runs.
    /// </summary>
    public static WebApplication Build(string[] args, Action<SimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(args);

        // A benchmark upstream must not spend its time logging each request; config can still lower this.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls(UrlFromPort(builder.Configuration["port"]));
        }

        OptionsBuilder<SimulatorOptions> options = builder.Services.AddOptions<SimulatorOptions>()
            .Bind(builder.Configuration.GetSection(SimulatorOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SimulatorStats>();

        WebApplication app = builder.Build();
        app.MapAnthropicMessages();
        return app;
    }

    /// <summary>
    /// Maps <c>POST /v1/messages</c>, <c>GET /health</c> and <c>GET /stats</c>. Uses the host's
    /// <see cref="SimulatorOptions"/>, <see cref="TimeProvider"/> and <see cref="SimulatorStats"/> when registered.
    /// </summary>
    public static IEndpointRouteBuilder MapAnthropicMessages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        IServiceProvider services = endpoints.ServiceProvider;
        var handler = new MessagesEndpoint(
            services.GetService<IOptions<SimulatorOptions>>()?.Value ?? new SimulatorOptions(),
            services.GetService<TimeProvider>() ?? TimeProvider.System,
            services.GetService<SimulatorStats>() ?? new SimulatorStats());

        endpoints.MapPost("/v1/messages", handler.HandleAsync);
        endpoints.MapGet("/stats", handler.WriteStatsAsync);
        endpoints.MapGet("/health", static context => context.Response.WriteAsync("ok", context.RequestAborted));
        return endpoints;
    }

    /// <summary>
    /// The address the started server actually listens on: with port 0 the configured URL is not the real one,
    /// and only the server's address feature knows which port the OS handed out.
    /// </summary>
    public static Uri BoundAddress(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        ICollection<string>? addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        string address = addresses?.FirstOrDefault()
            ?? throw new InvalidOperationException("The simulator has no bound address; call StartAsync first.");
        return new Uri(address);
    }

    private static string UrlFromPort(string? port)
    {
        if (port is null)
        {
            return DefaultUrl;
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out int number) || number > 65535)
        {
            throw new ArgumentException($"--port '{port}' is not a TCP port number (0-65535).", nameof(port));
        }

        return string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{number}");
    }
}
