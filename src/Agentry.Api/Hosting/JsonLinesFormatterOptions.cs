using Microsoft.Extensions.Logging.Console;

namespace Agentry.Api.Hosting;

/// <summary>
/// Options of <see cref="JsonLinesConsoleFormatter"/>. <see cref="ConsoleFormatterOptions.IncludeScopes"/> turns
/// scope fields on; <see cref="ConsoleFormatterOptions.TimestampFormat"/> and
/// <see cref="ConsoleFormatterOptions.UseUtcTimestamp"/> are ignored: the timestamp is always RFC 3339 UTC
/// with milliseconds.
/// </summary>
internal sealed class JsonLinesFormatterOptions : ConsoleFormatterOptions
{
}
