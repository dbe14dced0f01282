using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Agentry.Core.Tools;

/// <summary>
/// Starts every tool source in the background once the host runs: readiness never waits for a source, and a source that
/// fails to start is logged and leaves the others alone (its tools are not offered).
/// </summary>
public sealed partial class ToolSourceStarter(ToolRegistry tools, ILogger<ToolSourceStarter> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(tools.Sources.Select(source => StartAsync(source, stoppingToken)));

    private async Task StartAsync(IToolSource source, CancellationToken stoppingToken)
    {
        try
        {
            await source.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping before the source started.
        }
#pragma warning disable CA1031 // One source failing must not stop the others or the host; it is logged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LogSourceFailed(logger, ex, source.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 1700, Level = LogLevel.Error, Message = "A tool source failed to start; its tools are not offered")]
    private static partial void LogSourceFailed(ILogger logger, Exception exception, string source);
}
