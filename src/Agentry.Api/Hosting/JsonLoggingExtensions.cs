using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Agentry.Api.Hosting;

/// <summary>Registers the JSON-lines console log format (one flat JSON object per line, for Loki/Promtail).</summary>
internal static class JsonLoggingExtensions
{
    /// <summary>
    /// Adds the console logger with <see cref="JsonLinesConsoleFormatter"/> as its formatter, and a
    /// <see cref="TimeProvider"/> (the system clock) unless one is already registered.
    /// </summary>
    public static ILoggingBuilder AddJsonLinesConsole(this ILoggingBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddConsole(o => o.FormatterName = JsonLinesConsoleFormatter.FormatterName);
        builder.AddConsoleFormatter<JsonLinesConsoleFormatter, JsonLinesFormatterOptions>();
        return builder;
    }
}
