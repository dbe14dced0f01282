using Agentry.Core.Agents;
using Agentry.Providers;

namespace Agentry.Api.Hosting;

/// <summary>Says once, plainly, at start-up which embedded defaults are in force.</summary>
internal sealed partial class StartupReport : IHostedService
{
    private readonly AgentCatalog _catalog;
    private readonly IServiceProvider _services;
    private readonly ILogger<StartupReport> _logger;

    public StartupReport(AgentCatalog catalog, IServiceProvider services, ILogger<StartupReport> logger)
    {
        _catalog = catalog;
        _services = services;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        string[] simulated = _catalog.All.Where(a => a.Provider == ProviderNames.Simulator).Select(a => a.Name).ToArray();
        if (simulated.Length > 0)
        {
            LogSimulator(_logger, string.Join(", ", simulated));
        }

        if (_services.GetRequiredService<Security.AnonymousAccess>().Enabled)
        {
            LogAnonymous(_logger);
        }

        if (_services.GetService<Agentry.Redis.Connection.RedisConnection>() is { } redis)
        {
            // Connect now, not on the first request: the first run should not pay for the handshake.
            _ = redis.Multiplexer;
            string endpoint = redis.Endpoint;
            LogRedis(_logger, endpoint);
        }
        else
        {
            LogInMemoryStores(_logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning,
        Message = "No model provider key is configured: agents {Agents} answer with the built-in offline simulator. Set ANTHROPIC_API_KEY to use Claude.")]
    private static partial void LogSimulator(ILogger logger, string agents);

    [LoggerMessage(EventId = 11, Level = LogLevel.Warning,
        Message = "No Redis is configured (ConnectionStrings:Redis): sessions live in this process's memory. Single instance only.")]
    private static partial void LogInMemoryStores(ILogger logger);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning,
        Message = "Development with no API key configured: the API accepts anonymous calls from loopback only, as tenant 'default'. Configure Security:ApiKeys before exposing it.")]
    private static partial void LogAnonymous(ILogger logger);

    [LoggerMessage(EventId = 12, Level = LogLevel.Information, Message = "Sessions, response cache and idempotency keys are shared through Redis at {Endpoint}.")]
    private static partial void LogRedis(ILogger logger, string endpoint);
}
