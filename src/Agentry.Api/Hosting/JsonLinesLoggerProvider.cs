using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace Agentry.Api.Hosting;

/// <summary>
/// The service's logger: each entry formatted by <see cref="JsonLinesConsoleFormatter"/> straight into UTF-8 and
/// handed to <see cref="JsonLinesOutput"/> (stdout, written in batches). It replaces the console logger, which
/// turns every line into a string and makes one write per line; the lines are the same. Its settings are the
/// console logger's (<c>Logging:Console:…</c>): level filters and <c>FormatterOptions</c>.
/// </summary>
[ProviderAlias("Console")]
internal sealed class JsonLinesLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly JsonLinesConsoleFormatter _formatter;
    private readonly JsonLinesOutput _output;
    private readonly bool _ownsOutput;
    private readonly ConcurrentDictionary<string, JsonLinesLogger> _loggers = new(StringComparer.Ordinal);
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public JsonLinesLoggerProvider(IEnumerable<ConsoleFormatter> formatters)
        : this(formatters.OfType<JsonLinesConsoleFormatter>().First(), new JsonLinesOutput(Console.OpenStandardOutput()), ownsOutput: true)
    {
    }

    internal JsonLinesLoggerProvider(JsonLinesConsoleFormatter formatter, JsonLinesOutput output, bool ownsOutput)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        _formatter = formatter;
        _output = output;
        _ownsOutput = ownsOutput;
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, static (name, provider) => new JsonLinesLogger(name, provider), this);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
        if (_ownsOutput)
        {
            _output.Dispose();
        }
    }

    private sealed class JsonLinesLogger(string category, JsonLinesLoggerProvider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.None)
            {
                return;
            }

            provider._formatter.Write(new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter), provider._scopes, provider._output);
        }
    }
}
