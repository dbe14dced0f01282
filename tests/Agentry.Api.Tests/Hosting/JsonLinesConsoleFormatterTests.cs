using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Agentry.Api.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Agentry.Api.Tests.Hosting;

public sealed class JsonLinesConsoleFormatterTests
{
    private const string Category = "Agentry.Runs";

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 5, 17, 15, 123, TimeSpan.Zero);

    [Fact]
    public void Write_WithPlainMessage_WritesFixedFieldsInOrder()
    {
        string line = WriteOne(LogLevel.Information, "Run started", new EventId(42, "RunStarted"));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(["timestamp", "level", "message", "category", "event_id", "event_name"], PropertyNames(root));
        Assert.Equal("2026-11-28T05:17:15.123Z", root.GetProperty("timestamp").GetString());
        Assert.Equal("info", root.GetProperty("level").GetString());
        Assert.Equal("Run started", root.GetProperty("message").GetString());
        Assert.Equal(Category, root.GetProperty("category").GetString());
        Assert.Equal(42, root.GetProperty("event_id").GetInt32());
        Assert.Equal("RunStarted", root.GetProperty("event_name").GetString());
    }

    [Fact]
    public void Write_WithNonUtcClock_WritesUtcTimestamp()
    {
        var formatter = CreateFormatter(now: new DateTimeOffset(2026, 1, 2, 3, 4, 5, 6, TimeSpan.FromHours(2)));

        string line = Write(formatter, Entry(LogLevel.Information, "tick", default, []));

        using JsonDocument doc = ParseSingleLine(line);
        Assert.Equal("2026-01-02T01:04:05.006Z", doc.RootElement.GetProperty("timestamp").GetString());
    }

    [Fact]
    public void Write_WithStringDictionaryField_WritesItAsAnObject()
    {
        var formatter = CreateFormatter();
        IReadOnlyDictionary<string, string> tags = new Dictionary<string, string> { ["customer"] = "c-42", ["quote\""] = "<b>+1</b>" };

        string line = Write(formatter, Entry(LogLevel.Information, "Run completed", default, [new("metadata", tags)]));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement metadata = doc.RootElement.GetProperty("metadata");
        Assert.Equal(JsonValueKind.Object, metadata.ValueKind);
        Assert.Equal("c-42", metadata.GetProperty("customer").GetString());
        Assert.Equal("<b>+1</b>", metadata.GetProperty("quote\"").GetString());
    }

    [Fact]
    public void Write_WithZeroEventIdAndNoName_OmitsEventFields()
    {
        string line = WriteOne(LogLevel.Information, "hello", default);

        using JsonDocument doc = ParseSingleLine(line);
        Assert.False(doc.RootElement.TryGetProperty("event_id", out _));
        Assert.False(doc.RootElement.TryGetProperty("event_name", out _));
    }

    [Theory]
    [InlineData(LogLevel.Trace, "trace")]
    [InlineData(LogLevel.Debug, "debug")]
    [InlineData(LogLevel.Information, "info")]
    [InlineData(LogLevel.Warning, "warn")]
    [InlineData(LogLevel.Error, "error")]
    [InlineData(LogLevel.Critical, "critical")]
    public void Write_WithLogLevel_WritesShortLevelName(LogLevel level, string expected)
    {
        string line = WriteOne(level, "hello", default);

        using JsonDocument doc = ParseSingleLine(line);
        Assert.Equal(expected, doc.RootElement.GetProperty("level").GetString());
    }

    [Fact]
    public void Write_WithEmptyMessageAndNoException_WritesNothing()
    {
        string output = WriteOne(LogLevel.Information, string.Empty, default);

        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void Write_WithStructuredState_WritesSnakeCaseFields()
    {
        string line = WriteOne(LogLevel.Information, "done", default,
            ("runId", "run-1"),
            ("costUsd", 0.25m),
            ("durationMs", 12),
            ("HTTPStatus", 200),
            ("already_snake", "x"),
            ("http.method", "GET"),
            ("userID", "u1"),
            ("{OriginalFormat}", "done"));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(
            ["timestamp", "level", "message", "category", "run_id", "cost_usd", "duration_ms", "http_status", "already_snake", "http_method", "user_id"],
            PropertyNames(root));
        Assert.Equal("run-1", root.GetProperty("run_id").GetString());
        Assert.Equal("GET", root.GetProperty("http_method").GetString());
    }

    [Fact]
    public void Write_WithJsonValue_WritesItAsAnObjectNotAString()
    {
        string line = WriteOne(LogLevel.Information, "audit run", default,
            ("audit", new LogJson("{\"type\":\"run\",\"detail\":\"quote \\\" é\"}"u8.ToArray())),
            ("after", 1));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement audit = doc.RootElement.GetProperty("audit");
        Assert.Equal(JsonValueKind.Object, audit.ValueKind);
        Assert.Equal("run", audit.GetProperty("type").GetString());
        Assert.Equal("quote \" é", audit.GetProperty("detail").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("after").GetInt32());
    }

    [Theory]
    [InlineData("runId", "run_id")]
    [InlineData("costUsd", "cost_usd")]
    [InlineData("durationMs", "duration_ms")]
    [InlineData("HTTPStatus", "http_status")]
    [InlineData("RunId", "run_id")]
    [InlineData("ID", "id")]
    [InlineData("userID", "user_id")]
    [InlineData("tokens2Out", "tokens2_out")]
    [InlineData("run_id", "run_id")]
    [InlineData("http.request.method", "http_request_method")]
    [InlineData("x", "x")]
    public void ToSnakeCase_WithKey_ConvertsToSnakeCase(string key, string expected)
    {
        Assert.Equal(expected, JsonLinesConsoleFormatter.ToSnakeCase(key));
    }

    [Fact]
    public void Write_WithTypedValues_KeepsJsonTypes()
    {
        string line = WriteOne(LogLevel.Information, "typed", default,
            ("big", long.MaxValue),
            ("ratio", 1.5d),
            ("single", 0.5f),
            ("cost", 0.1234567890123456789m),
            ("small", (short)-3),
            ("octet", (byte)255),
            ("unsigned", ulong.MaxValue),
            ("ok", true),
            ("missing", null),
            ("elapsed", TimeSpan.FromSeconds(1.5)),
            ("nan", double.NaN),
            ("inf", double.PositiveInfinity),
            ("when", new DateTimeOffset(2026, 11, 28, 5, 17, 15, 123, TimeSpan.Zero)),
            ("utc", new DateTime(2026, 11, 28, 5, 17, 15, DateTimeKind.Utc)),
            ("level_enum", LogLevel.Warning),
            ("id", new Guid("6f9619ff-8b86-d011-b42d-00c04fc964ff")),
            ("obj", new Uri("https://example.com/a")));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(JsonValueKind.Number, root.GetProperty("big").ValueKind);
        Assert.Equal(long.MaxValue, root.GetProperty("big").GetInt64());
        Assert.Equal(1.5d, root.GetProperty("ratio").GetDouble());
        Assert.Equal(0.5d, root.GetProperty("single").GetDouble());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("cost").ValueKind);
        Assert.Equal(0.1234567890123456789m, root.GetProperty("cost").GetDecimal());
        Assert.Equal(-3, root.GetProperty("small").GetInt32());
        Assert.Equal(255, root.GetProperty("octet").GetInt32());
        Assert.Equal(ulong.MaxValue, root.GetProperty("unsigned").GetUInt64());
        Assert.Equal(JsonValueKind.True, root.GetProperty("ok").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("missing").ValueKind);
        Assert.Equal(1500d, root.GetProperty("elapsed").GetDouble());
        Assert.Equal("NaN", root.GetProperty("nan").GetString());
        Assert.Equal("Infinity", root.GetProperty("inf").GetString());
        Assert.Equal("2026-11-28T05:17:15.123+00:00", root.GetProperty("when").GetString());
        Assert.Equal("2026-11-28T05:17:15Z", root.GetProperty("utc").GetString());
        Assert.Equal("Warning", root.GetProperty("level_enum").GetString());
        Assert.Equal("6f9619ff-8b86-d011-b42d-00c04fc964ff", root.GetProperty("id").GetString());
        Assert.Equal("https://example.com/a", root.GetProperty("obj").GetString());
    }

    [Fact]
    public void Write_WithLoggerMessageDefine_WritesTemplateFields()
    {
        var formatter = CreateFormatter();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        var logger = new FormattingLogger(formatter, output, Category);
        Action<ILogger, string, decimal, long, Exception?> log = LoggerMessage.Define<string, decimal, long>(
            LogLevel.Information, new EventId(7, "RunCompleted"), "Run {RunId} cost {CostUsd} in {DurationMs} ms");

        log(logger, "run-9", 0.0042m, 1234L, null);

        using JsonDocument doc = ParseSingleLine(output.ToString());
        JsonElement root = doc.RootElement;
        Assert.Equal("Run run-9 cost 0.0042 in 1234 ms", root.GetProperty("message").GetString());
        Assert.Equal(7, root.GetProperty("event_id").GetInt32());
        Assert.Equal("RunCompleted", root.GetProperty("event_name").GetString());
        Assert.Equal("run-9", root.GetProperty("run_id").GetString());
        Assert.Equal(0.0042m, root.GetProperty("cost_usd").GetDecimal());
        Assert.Equal(1234L, root.GetProperty("duration_ms").GetInt64());
        Assert.False(root.TryGetProperty("{OriginalFormat}", out _));
        Assert.False(root.TryGetProperty("{original_format}", out _));
    }

    [Fact]
    public void Write_InsideActivity_WritesTraceAndSpanIds()
    {
        using var source = new ActivitySource("Agentry.Api.Tests.JsonLines");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);

        using Activity? activity = source.StartActivity("run");
        Assert.NotNull(activity);
        string line = WriteOne(LogLevel.Information, "inside", default);

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(activity.TraceId.ToHexString(), root.GetProperty("trace_id").GetString());
        Assert.Equal(activity.SpanId.ToHexString(), root.GetProperty("span_id").GetString());
        Assert.Matches("^[0-9a-f]{32}$", root.GetProperty("trace_id").GetString());
        Assert.Matches("^[0-9a-f]{16}$", root.GetProperty("span_id").GetString());
    }

    [Fact]
    public void Write_OutsideActivity_OmitsTraceAndSpanIds()
    {
        Activity? previous = Activity.Current;
        Activity.Current = null;
        try
        {
            string line = WriteOne(LogLevel.Information, "outside", default);

            using JsonDocument doc = ParseSingleLine(line);
            Assert.False(doc.RootElement.TryGetProperty("trace_id", out _));
            Assert.False(doc.RootElement.TryGetProperty("span_id", out _));
        }
        finally
        {
            Activity.Current = previous;
        }
    }

    [Fact]
    public void Write_WithException_WritesExceptionFieldsLast()
    {
        InvalidOperationException exception;
        try
        {
            throw new InvalidOperationException("boom\nsecond line");
        }
        catch (InvalidOperationException caught)
        {
            exception = caught;
        }

        var formatter = CreateFormatter();
        string line = Write(formatter, Entry(LogLevel.Error, "Run failed", default, [new("runId", "run-2")], exception));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal(["exception", "exception_type"], PropertyNames(root)[^2..]);
        Assert.Equal(exception.ToString(), root.GetProperty("exception").GetString());
        Assert.Equal("System.InvalidOperationException", root.GetProperty("exception_type").GetString());
        Assert.Equal("error", root.GetProperty("level").GetString());
    }

    [Fact]
    public void Write_WithExceptionAndEmptyMessage_StillWritesEntry()
    {
        var formatter = CreateFormatter();
        string line = Write(formatter, Entry(LogLevel.Error, string.Empty, default, [], new TimeoutException("slow")));

        using JsonDocument doc = ParseSingleLine(line);
        Assert.Equal(string.Empty, doc.RootElement.GetProperty("message").GetString());
        Assert.Equal("System.TimeoutException", doc.RootElement.GetProperty("exception_type").GetString());
    }

    [Theory]
    [InlineData("quote \" and backslash \\")]
    [InlineData("line\nbreak\r\nand\ttab")]
    [InlineData("nul \u0000 bell \u0007 esc \u001b del \u007f")]
    [InlineData("lone high \uD800 surrogate")]
    [InlineData("lone low \uDC00 surrogate and reversed pair \uDE00\uD83D")]
    [InlineData("emoji 🚀 and 日本語 and héllo")]
    [InlineData("rtl \u202E override and line separators \u2028 \u2029 and nel \u0085")]
    [InlineData("</script><!-- & ' `")]
    public void Write_WithHostileStrings_WritesOneValidJsonLine(string hostile)
    {
        string line = WriteOne(LogLevel.Warning, hostile, default, (hostile, hostile), ("value", hostile));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        string expected = ReplaceInvalidSurrogates(hostile);
        Assert.Equal(expected, root.GetProperty("message").GetString());
        Assert.Equal(expected, root.GetProperty("value").GetString());
    }

    [Fact]
    public void Write_WithNonAsciiText_KeepsItReadable()
    {
        string line = WriteOne(LogLevel.Information, "héllo 日本語 Привет", default);

        Assert.Contains("\"message\":\"héllo 日本語 Привет\"", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_WithFieldNamedLikeFixedField_PrefixesIt()
    {
        string line = WriteOne(LogLevel.Information, "real message", new EventId(3),
            ("message", "from state"),
            ("Level", "from state"),
            ("timestamp", "from state"),
            ("traceId", "from state"),
            ("exception", "from state"));

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal("real message", root.GetProperty("message").GetString());
        Assert.Equal("from state", root.GetProperty("field_message").GetString());
        Assert.Equal("from state", root.GetProperty("field_level").GetString());
        Assert.Equal("from state", root.GetProperty("field_timestamp").GetString());
        Assert.Equal("from state", root.GetProperty("field_trace_id").GetString());
        Assert.Equal("from state", root.GetProperty("field_exception").GetString());
        Assert.Equal(PropertyNames(root).Count, PropertyNames(root).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Write_WithDuplicateFieldNames_KeepsFirst()
    {
        string line = WriteOne(LogLevel.Information, "dup", default, ("runId", "first"), ("run_id", "second"));

        using JsonDocument doc = ParseSingleLine(line);
        Assert.Equal("first", doc.RootElement.GetProperty("run_id").GetString());
        Assert.Single(PropertyNames(doc.RootElement), n => n == "run_id");
    }

    [Fact]
    public void Write_WithIncludeScopes_WritesScopeFields()
    {
        var formatter = CreateFormatter(new JsonLinesFormatterOptions { IncludeScopes = true });
        var scopes = new LoggerExternalScopeProvider();
        using IDisposable? outer = scopes.Push(new Dictionary<string, object?> { ["requestId"] = "req-1", ["runId"] = "scope-run" });
        using IDisposable? inner = scopes.Push(new List<KeyValuePair<string, object?>>
        {
            new("sessionId", "s-1"),
            new("attempt", 2),
            new("message", "scope message"),
            new("{OriginalFormat}", "ignored"),
        });
        using IDisposable? plain = scopes.Push("not a key/value scope");

        string line = Write(formatter, Entry(LogLevel.Information, "scoped", default, [new("runId", "state-run")]), scopes);

        using JsonDocument doc = ParseSingleLine(line);
        JsonElement root = doc.RootElement;
        Assert.Equal("req-1", root.GetProperty("request_id").GetString());
        Assert.Equal("state-run", root.GetProperty("run_id").GetString());
        Assert.Equal("s-1", root.GetProperty("session_id").GetString());
        Assert.Equal(2, root.GetProperty("attempt").GetInt32());
        Assert.Equal("scope message", root.GetProperty("field_message").GetString());
        Assert.Equal(PropertyNames(root).Count, PropertyNames(root).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Write_WithoutIncludeScopes_OmitsScopeFields()
    {
        var formatter = CreateFormatter(new JsonLinesFormatterOptions { IncludeScopes = false });
        var scopes = new LoggerExternalScopeProvider();
        using IDisposable? scope = scopes.Push(new Dictionary<string, object?> { ["requestId"] = "req-1" });

        string line = Write(formatter, Entry(LogLevel.Information, "unscoped", default, []), scopes);

        using JsonDocument doc = ParseSingleLine(line);
        Assert.False(doc.RootElement.TryGetProperty("request_id", out _));
    }

    [Fact]
    public void Write_ManyEntriesOnOneWriter_WritesOneLineEach()
    {
        var formatter = CreateFormatter();
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        for (int i = 0; i < 5; i++)
        {
            LogEntry<IReadOnlyList<KeyValuePair<string, object?>>> entry =
                Entry(LogLevel.Information, "entry " + i.ToString(CultureInfo.InvariantCulture), default, [new("index", i), new("big", new string('x', 100_000))]);
            formatter.Write(in entry, null, output);
        }

        string[] lines = output.ToString().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.Equal(string.Empty, lines[^1]);
        for (int i = 0; i < 5; i++)
        {
            using JsonDocument doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(i, doc.RootElement.GetProperty("index").GetInt32());
        }
    }

    private static string WriteOne(LogLevel level, string message, EventId eventId, params (string Key, object? Value)[] fields)
    {
        var state = new List<KeyValuePair<string, object?>>(fields.Length);
        foreach ((string key, object? value) in fields)
        {
            state.Add(new KeyValuePair<string, object?>(key, value));
        }

        return Write(CreateFormatter(), Entry(level, message, eventId, state));
    }

    private static LogEntry<IReadOnlyList<KeyValuePair<string, object?>>> Entry(
        LogLevel level, string message, EventId eventId, List<KeyValuePair<string, object?>> state, Exception? exception = null)
    {
        return new LogEntry<IReadOnlyList<KeyValuePair<string, object?>>>(
            level, Category, eventId, state, exception, (_, _) => message);
    }

    private static JsonLinesConsoleFormatter CreateFormatter(JsonLinesFormatterOptions? options = null, DateTimeOffset? now = null)
    {
        return new JsonLinesConsoleFormatter(
            new FixedOptionsMonitor<JsonLinesFormatterOptions>(options ?? new JsonLinesFormatterOptions()),
            new FixedTimeProvider(now ?? Now));
    }

    private static string Write<TState>(JsonLinesConsoleFormatter formatter, LogEntry<TState> entry, IExternalScopeProvider? scopes = null)
    {
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        formatter.Write(in entry, scopes, output);
        return output.ToString();
    }

    /// <summary>Asserts the output is exactly one '\n'-terminated line and parses it.</summary>
    private static JsonDocument ParseSingleLine(string output)
    {
        Assert.EndsWith("\n", output, StringComparison.Ordinal);
        Assert.Equal(output.Length - 1, output.IndexOf('\n', StringComparison.Ordinal));
        Assert.DoesNotContain('\r', output);
        return JsonDocument.Parse(output);
    }

    private static List<string> PropertyNames(JsonElement element)
    {
        var names = new List<string>();
        foreach (JsonProperty property in element.EnumerateObject())
        {
            names.Add(property.Name);
        }

        return names;
    }

    /// <summary>What a lone surrogate becomes in the JSON output: U+FFFD.</summary>
    private static string ReplaceInvalidSurrogates(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[i + 1]);
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                builder.Append('\uFFFD');
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>An <see cref="ILogger"/> that sends every entry through the formatter, like the console logger.</summary>
    private sealed class FormattingLogger(JsonLinesConsoleFormatter jsonFormatter, TextWriter output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var entry = new LogEntry<TState>(logLevel, category, eventId, state, exception, formatter);
            jsonFormatter.Write(in entry, null, output);
        }
    }
}
