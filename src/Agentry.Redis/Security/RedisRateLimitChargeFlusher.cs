using Agentry.Core.Stores;
using Agentry.Redis.Connection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Agentry.Redis.Security;

/// <summary>
/// Sends the token charges <see cref="RedisRateLimitStore"/> holds for keys that made no further request, every
/// <see cref="RedisOptions.RateLimitChargeInterval"/> and once more on shutdown, so another replica sees them within
/// that interval. Nothing held, no round trip. A charge Redis does not take is lost and logged: limits fail open.
/// </summary>
internal sealed partial class RedisRateLimitChargeFlusher(RedisRateLimitStore store, IOptions<RedisOptions> options, TimeProvider time, ILogger<RedisRateLimitChargeFlusher> logger)
    : BackgroundService
{
    // Made here, not in ExecuteAsync (which runs on a thread of its own): the first interval starts with the service.
    private readonly PeriodicTimer _timer = new(options.Value.RateLimitChargeInterval, time);

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await _timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                // Not cancelled by shutdown: the guard's timeout bounds it, and StopAsync flushes what is left.
                await FlushAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync sends the last charges.
        }
    }

    public override void Dispose()
    {
        _timer.Dispose();
        base.Dispose();
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        int held = store.PendingKeys;
        try
        {
            await store.FlushAsync(time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }
        catch (StoreUnavailableException ex)
        {
            LogChargesLost(logger, ex, held);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            LogChargesLost(logger, null, held);
        }
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Warning, Message = "Token charges not sent to Redis: those keys' tokens-per-minute undercount them")]
    private static partial void LogChargesLost(ILogger logger, Exception? exception, int keys);
}
