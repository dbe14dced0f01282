using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Hosting;

/// <summary>
/// Writes each log entry as one flat JSON object on one line (for Loki/Promtail): <c>timestamp</c>, <c>level</c>,
/// <c>message</c>, <c>category</c>, <c>event_id</c>, <c>event_name</c>, <c>trace_id</c>, <c>span_id</c>, then
/// every structured field of the state and (with <see cref="ConsoleFormatterOptions.IncludeScopes"/>) of the
/// scopes with snake_case names, then <c>exception</c> and <c>exception_type</c>.
/// </summary>
/// <remarks>
/// A field whose snake_case name is one of the fixed names is written as <c>field_</c> + name; when two fields
/// end up with the same name, the first one written wins (state before scopes, outer scopes before inner ones).
/// </remarks>
internal sealed class JsonLinesConsoleFormatter : ConsoleFormatter, IDisposable
{
    /// <summary>The name to set as <see cref="ConsoleLoggerOptions.FormatterName"/>.</summary>
    public const string FormatterName = "agentry-json";

    private const string OriginalFormatKey = "{OriginalFormat}";
    private const string ReservedPrefix = "field_";

    /// <summary>How many distinct field keys get their snake_case name cached.</summary>
    private const int MaxCachedNames = 1024;

    /// <summary>A per-thread buffer that grew beyond this (one huge entry) is dropped rather than kept.</summary>
    private const int MaxRetainedBufferBytes = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    private static readonly ConcurrentDictionary<string, string> FieldNames = new(StringComparer.Ordinal);
    private static int cachedNameCount;

    [ThreadStatic]
    private static Scratch? threadScratch;

    private readonly TimeProvider timeProvider;
    private readonly IDisposable? optionsReloadToken;
    private JsonLinesFormatterOptions options;

    public JsonLinesConsoleFormatter(IOptionsMonitor<JsonLinesFormatterOptions> options, TimeProvider timeProvider)
        : base(FormatterName)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);

        this.timeProvider = timeProvider;
        this.options = options.CurrentValue;
        optionsReloadToken = options.OnChange(o => this.options = o);
    }

    public void Dispose() => optionsReloadToken?.Dispose();

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        ArgumentNullException.ThrowIfNull(textWriter);

        Scratch? scratch = Format(logEntry, scopeProvider);
        if (scratch is not null)
        {
            WriteUtf8(scratch.Buffer.WrittenSpan, textWriter);
            Release(scratch);
        }
    }

    /// <summary>Formats the entry as one line of UTF-8 JSON and hands it to <paramref name="output"/>, with no string in between.</summary>
    internal void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, JsonLinesOutput output)
    {
        Scratch? scratch = Format(logEntry, scopeProvider);
        if (scratch is not null)
        {
            output.WriteLine(scratch.Buffer.WrittenSpan);
            Release(scratch);
        }
    }

    /// <summary>The entry as one JSON line ending in a newline, in this thread's scratch buffer; null when there is nothing to write.</summary>
    private Scratch? Format<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider)
    {
        string? level = LevelName(logEntry.LogLevel);
        if (level is null)
        {
            return null;
        }

        Exception? exception = logEntry.Exception;
        string? message = logEntry.Formatter?.Invoke(logEntry.State, exception);
        if (string.IsNullOrEmpty(message) && exception is null)
        {
            return null;
        }

        // Take this thread's buffers for the duration of the call, so a log call made while formatting
        // (from a value's ToString, say) gets fresh ones instead of corrupting these.
        Scratch scratch = threadScratch ?? new Scratch();
        threadScratch = null;
        scratch.Reset();

        Utf8JsonWriter writer = scratch.Writer;
        writer.WriteStartObject();
        WriteTimestamp(writer, timeProvider.GetUtcNow());
        writer.WriteString("level", level);
        writer.WriteString("message", message ?? string.Empty);
        writer.WriteString("category", logEntry.Category ?? string.Empty);

        EventId eventId = logEntry.EventId;
        if (eventId.Id != 0)
        {
            writer.WriteNumber("event_id", eventId.Id);
        }

        if (eventId.Name is not null)
        {
            writer.WriteString("event_name", eventId.Name);
        }

        Activity? activity = Activity.Current;
        if (activity is not null && activity.IdFormat == ActivityIdFormat.W3C)
        {
            writer.WriteString("trace_id", activity.TraceId.ToHexString());
            writer.WriteString("span_id", activity.SpanId.ToHexString());
        }

        if (logEntry.State is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            WriteFields(scratch, fields);
        }

        if (scopeProvider is not null && options.IncludeScopes)
        {
            scopeProvider.ForEachScope(static (scope, s) => WriteScope(s, scope), scratch);
        }

        if (exception is not null)
        {
            writer.WriteString("exception", exception.ToString());
            Type type = exception.GetType();
            writer.WriteString("exception_type", type.FullName ?? type.Name);
        }

        writer.WriteEndObject();
        writer.Flush();

        ArrayBufferWriter<byte> buffer = scratch.Buffer;
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        return scratch;
    }

    /// <summary>Gives the scratch back to this thread, unless one huge entry made it too big to keep.</summary>
    private static void Release(Scratch scratch)
    {
        if (scratch.Buffer.Capacity <= MaxRetainedBufferBytes)
        {
            threadScratch = scratch;
        }
        else
        {
            scratch.Dispose();
        }
    }

    private static string? LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trace",
        LogLevel.Debug => "debug",
        LogLevel.Information => "info",
        LogLevel.Warning => "warn",
        LogLevel.Error => "error",
        LogLevel.Critical => "critical",
        _ => null,
    };

    private static void WriteTimestamp(Utf8JsonWriter writer, DateTimeOffset now)
    {
        Span<char> text = stackalloc char[32];
        if (!now.UtcDateTime.TryFormat(text, out int written, "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fff'Z'", CultureInfo.InvariantCulture))
        {
            throw new InvalidOperationException("The timestamp did not fit its buffer.");
        }

        writer.WriteString("timestamp", text[..written]);
    }

    private static void WriteUtf8(ReadOnlySpan<byte> utf8, TextWriter textWriter)
    {
        char[] chars = ArrayPool<char>.Shared.Rent(Encoding.UTF8.GetMaxCharCount(utf8.Length));
        try
        {
            int count = Encoding.UTF8.GetChars(utf8, chars);
            textWriter.Write(chars, 0, count);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private static void WriteScope(Scratch scratch, object? scope)
    {
        switch (scope)
        {
            case IReadOnlyList<KeyValuePair<string, object?>> list:
                WriteFields(scratch, list);
                break;
            case IEnumerable<KeyValuePair<string, object?>> pairs:
                foreach (KeyValuePair<string, object?> pair in pairs)
                {
                    WriteField(scratch, pair.Key, pair.Value);
                }

                break;
        }
    }

    private static void WriteFields(Scratch scratch, IReadOnlyList<KeyValuePair<string, object?>> fields)
    {
        for (int i = 0; i < fields.Count; i++)
        {
            KeyValuePair<string, object?> field = fields[i];
            WriteField(scratch, field.Key, field.Value);
        }
    }

    private static void WriteField(Scratch scratch, string? key, object? value)
    {
        if (key == OriginalFormatKey)
        {
            return;
        }

        string name = FieldName(key ?? string.Empty);
        if (!scratch.Names.Add(name))
        {
            return;
        }

        Utf8JsonWriter writer = scratch.Writer;
        writer.WritePropertyName(name);
        WriteValue(writer, value);
    }

    private static void WriteValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case string s:
                writer.WriteStringValue(s);
                break;
            case IReadOnlyDictionary<string, string> tags:
                // The caller's run metadata: an object of strings, not the dictionary's type name.
                writer.WriteStartObject();
                foreach ((string tag, string text) in tags)
                {
                    writer.WriteString(tag, text);
                }

                writer.WriteEndObject();
                break;
            case LogJson json:
                writer.WriteRawValue(json.Utf8, skipInputValidation: true);
                break;
            case bool b:
                writer.WriteBooleanValue(b);
                break;
            case int i:
                writer.WriteNumberValue(i);
                break;
            case long l:
                writer.WriteNumberValue(l);
                break;
            case short sh:
                writer.WriteNumberValue(sh);
                break;
            case byte by:
                writer.WriteNumberValue(by);
                break;
            case sbyte sb:
                writer.WriteNumberValue(sb);
                break;
            case ushort us:
                writer.WriteNumberValue(us);
                break;
            case uint ui:
                writer.WriteNumberValue(ui);
                break;
            case ulong ul:
                writer.WriteNumberValue(ul);
                break;
            case double d:
                if (double.IsFinite(d))
                {
                    writer.WriteNumberValue(d);
                }
                else
                {
                    writer.WriteStringValue(d.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case float f:
                if (float.IsFinite(f))
                {
                    writer.WriteNumberValue(f);
                }
                else
                {
                    writer.WriteStringValue(f.ToString(CultureInfo.InvariantCulture));
                }

                break;
            case decimal m:
                writer.WriteNumberValue(m);
                break;
            case DateTime dt:
                // RFC 3339 needs an offset: a DateTime of unspecified kind is taken to be UTC.
                writer.WriteStringValue(dt.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(dt, DateTimeKind.Utc) : dt);
                break;
            case DateTimeOffset dto:
                writer.WriteStringValue(dto);
                break;
            case TimeSpan ts:
                writer.WriteNumberValue(ts.TotalMilliseconds);
                break;
            case DateOnly date:
                writer.WriteStringValue(date.ToString("O", CultureInfo.InvariantCulture));
                break;
            case TimeOnly time:
                writer.WriteStringValue(time.ToString("O", CultureInfo.InvariantCulture));
                break;
            case IFormattable formattable:
                writer.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture));
                break;
            default:
                writer.WriteStringValue(value.ToString());
                break;
        }
    }

    /// <summary>The JSON name of a field key: snake_case, and never one of the fixed names.</summary>
    private static string FieldName(string key)
    {
        if (FieldNames.TryGetValue(key, out string? name))
        {
            return name;
        }

        name = ToSnakeCase(key);
        if (IsReserved(name))
        {
            name = ReservedPrefix + name;
        }

        // Keys are almost always message-template names, a small fixed set; the bound keeps keys built
        // from data from growing the cache without limit.
        if (Volatile.Read(ref cachedNameCount) < MaxCachedNames && FieldNames.TryAdd(key, name))
        {
            Interlocked.Increment(ref cachedNameCount);
        }

        return name;
    }

    private static bool IsReserved(string name) => name is
        "" or "timestamp" or "level" or "message" or "category" or "event_id" or "event_name"
        or "trace_id" or "span_id" or "exception" or "exception_type";

    /// <summary>
    /// <c>runId</c> → <c>run_id</c>, <c>HTTPStatus</c> → <c>http_status</c>, <c>http.method</c> → <c>http_method</c>;
    /// names already in snake_case come back unchanged.
    /// </summary>
    internal static string ToSnakeCase(string key)
    {
        bool needsChange = false;
        foreach (char c in key)
        {
            if (char.IsUpper(c) || IsSeparator(c))
            {
                needsChange = true;
                break;
            }
        }

        if (!needsChange)
        {
            return key;
        }

        // Each character turns into at most two ('_' and its lower-case form).
        int maxLength = key.Length * 2;
        Span<char> result = maxLength <= 256 ? stackalloc char[256] : new char[maxLength];
        int length = 0;
        for (int i = 0; i < key.Length; i++)
        {
            char c = key[i];
            if (IsSeparator(c))
            {
                result[length++] = '_';
            }
            else if (char.IsUpper(c))
            {
                if (i > 0 && result[length - 1] != '_')
                {
                    char previous = key[i - 1];
                    bool wordStart = char.IsLower(previous) || char.IsDigit(previous)
                        || (char.IsUpper(previous) && i + 1 < key.Length && char.IsLower(key[i + 1]));
                    if (wordStart)
                    {
                        result[length++] = '_';
                    }
                }

                result[length++] = char.ToLowerInvariant(c);
            }
            else
            {
                result[length++] = c;
            }
        }

        return new string(result[..length]);
    }

    private static bool IsSeparator(char c) => c is '.' or '-' or ' ';

    /// <summary>One thread's reusable output buffer, JSON writer and set of field names written so far.</summary>
    private sealed class Scratch : IDisposable
    {
        public Scratch()
        {
            Writer = new Utf8JsonWriter(Buffer, WriterOptions);
        }

        public ArrayBufferWriter<byte> Buffer { get; } = new(1024);

        public Utf8JsonWriter Writer { get; }

        public HashSet<string> Names { get; } = new(StringComparer.Ordinal);

        public void Reset()
        {
            Buffer.ResetWrittenCount();
            Writer.Reset(Buffer);
            Names.Clear();
        }

        public void Dispose() => Writer.Dispose();
    }
}
