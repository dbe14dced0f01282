using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Agentry.Testing;

/// <summary>A logger that keeps every event with its fields, for tests that count log events.</summary>
public sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<(EventId Id, IReadOnlyDictionary<string, object?> Fields)> _events = new();

    public IReadOnlyCollection<(EventId Id, IReadOnlyDictionary<string, object?> Fields)> Events => _events;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        var fields = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (state is IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            foreach (KeyValuePair<string, object?> pair in pairs)
            {
                fields[pair.Key] = pair.Value;
            }
        }

        _events.Enqueue((eventId, fields));
    }
}
