using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Agentry.Api.Hosting;

/// <summary>Registers the JSON-lines console log format (one flat JSON object per line, for Loki/Promtail).</summary>
internal static class JsonLoggingExtensions
{
    /// <summary>
    /// Adds the JSON-lines logger (<see cref="JsonLinesLoggerProvider"/>: <see cref="JsonLinesConsoleFormatter"/>
    /// to stdout, batched), configured as the console logger is, and a <see cref="TimeProvider"/> (the system clock)
    /// unless one is already registered.
    /// </summary>
    public static ILoggingBuilder AddJsonLinesConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddConsoleFormatter<JsonLinesConsoleFormatter, JsonLinesFormatterOptions>();
        builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<ILoggerProvider, JsonLinesLoggerProvider>());
        return builder;
    }
}
