namespace Agentry.Core.Audit;

/// <summary>Where audit events go. <see cref="Record"/> never blocks on I/O and never throws.</summary>
public interface IAuditSink
{
    void Record(AuditEvent audit);
}

/// <summary>A destination of chained events (the log, a Redis stream), written in batches off the request path.</summary>
public interface IAuditWriter
{
    Task WriteAsync(IReadOnlyList<AuditEvent> batch, CancellationToken cancellationToken);
}
