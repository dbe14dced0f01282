using System.Collections.Concurrent;
using Agentry.Core.Audit;

namespace Agentry.Testing;

/// <summary>An audit writer (the stage after the log, where the Redis stream sits) that keeps every event and lets a test await one.</summary>
public sealed class AwaitableAuditWriter : IAuditWriter, IDisposable
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();
    private readonly SemaphoreSlim _arrived = new(0);

    public IReadOnlyCollection<AuditEvent> Events => _events;

    public Task WriteAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        foreach (AuditEvent audit in batch)
        {
            _events.Enqueue(audit);
        }

        _arrived.Release();
        return Task.CompletedTask;
    }

    public void Dispose() => _arrived.Dispose();

    /// <summary>The first event that matches, waiting up to ten seconds for it to be written.</summary>
    public async Task<AuditEvent> WaitForAsync(Func<AuditEvent, bool> match)
    {
        ArgumentNullException.ThrowIfNull(match);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            if (_events.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            try
            {
                await _arrived.WaitAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No matching audit event was written within 10 s; written: {string.Join(", ", _events.Select(e => $"{e.Type}/{e.Outcome}"))}.");
            }
        }
    }
}
