using System.Collections.Concurrent;
using Agentry.Core.Audit;

namespace Agentry.Testing;

/// <summary>An audit sink that keeps every event, for tests of the classes that emit them.</summary>
public sealed class CapturingAuditSink : IAuditSink
{
    private readonly ConcurrentQueue<AuditEvent> _events = new();

    public IReadOnlyCollection<AuditEvent> Events => _events;

    public void Record(AuditEvent audit) => _events.Enqueue(audit);
}
