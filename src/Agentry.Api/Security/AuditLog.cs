using System.Threading.Channels;
using Agentry.Core.Audit;
using Agentry.Api.Hosting;

namespace Agentry.Api.Security;

/// <summary>
/// The audit sink: chains each event (<see cref="AuditChain"/>), writes it at once to its own log category
/// (<c>Agentry.Audit</c>, one JSON line on stdout, the event as an object in its <c>audit</c> field) and queues it for the other writers (the Redis stream), which a
/// background loop feeds in batches so no request waits on them. If the queue is full the event still reached the
/// log, and the loss from the stream is logged.
/// </summary>
internal sealed partial class AuditLog : BackgroundService, IAuditSink
{
    public const string Category = "Agentry.Audit";
    private const int QueueCapacity = 50_000;
    private const int BatchSize = 256;

    private readonly AuditChain _chain;
    private readonly TimeProvider _time;
    private readonly ILogger _audit;
    private readonly ILogger<AuditLog> _logger;
    private readonly IAuditWriter[] _writers;
    private readonly Channel<AuditEvent> _queue;

    public AuditLog(IEnumerable<IAuditWriter> writers, TimeProvider time, ILoggerFactory loggers, ILogger<AuditLog> logger)
    {
        _chain = new AuditChain($"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}");
        _time = time;
        _audit = loggers.CreateLogger(Category);
        _logger = logger;
        _writers = writers.ToArray();
        _queue = Channel.CreateBounded<AuditEvent>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    }

    public string Instance => _chain.Instance;

    public void Record(AuditEvent audit)
    {
        ArgumentNullException.ThrowIfNull(audit);
        (AuditEvent chained, byte[] json) = _chain.AppendWithJson(audit.Time == default ? audit with { Time = _time.GetUtcNow() } : audit);
        if (_audit.IsEnabled(LogLevel.Information))
        {
#pragma warning disable CA1873 // Guarded just above; the analyzer does not see through the wrapper's construction.
            LogAudit(_audit, chained.Type, new LogJson(json));
#pragma warning restore CA1873
        }
        if (_writers.Length > 0 && !_queue.Writer.TryWrite(chained))
        {
            LogQueueFull(_logger, chained.Seq);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_writers.Length == 0)
        {
            return;
        }

        var batch = new List<AuditEvent>(BatchSize);
        ChannelReader<AuditEvent> reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
            {
                await DrainAsync(reader, batch, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: what is queued is written below.
        }

        await DrainAsync(reader, batch, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task DrainAsync(ChannelReader<AuditEvent> reader, List<AuditEvent> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < BatchSize && reader.TryRead(out AuditEvent? next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                return;
            }

            foreach (IAuditWriter writer in _writers)
            {
                try
                {
                    await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
                }
#pragma warning disable CA1031 // A failing writer must not stop the audit loop; the events are on stdout already.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    LogWriterFailed(_logger, ex, writer.GetType().Name, batch.Count);
                }
            }
        }
    }

    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "audit {AuditType}")]
    private static partial void LogAudit(ILogger logger, string auditType, LogJson audit);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Error, Message = "Audit queue full: event left out of the audit stream (it is in the log)")]
    private static partial void LogQueueFull(ILogger logger, long seq);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "Audit writer failed: events left out of its sink (they are in the log)")]
    private static partial void LogWriterFailed(ILogger logger, Exception exception, string writer, int events);
}
