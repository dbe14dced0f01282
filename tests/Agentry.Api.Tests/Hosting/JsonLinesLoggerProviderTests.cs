using System.Text;
using System.Text.Json;
using Agentry.Api.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Agentry.Api.Tests.Hosting;

public sealed class JsonLinesLoggerProviderTests
{
    [Fact]
    public void ManyThreadsLogging_EveryLineArrivesWholeAndInEachThreadsOrder()
    {
        const int threads = 8;
        const int linesPerThread = 2_000;
        var stream = new RecordingStream();
        using (ILoggerFactory factory = Factory(stream, out _))
        {
            ILogger logger = factory.CreateLogger("Agentry.Test");
            Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, t =>
            {
                for (int i = 0; i < linesPerThread; i++)
                {
#pragma warning disable CA1848, CA2254, CA1873 // A test of the sink, not of message templates.
                    logger.LogInformation("line {Thread} {Index} {Padding}", t, i, new string('x', i % 300));
#pragma warning restore CA1848, CA2254, CA1873
                }
            });
        }

        string[] lines = stream.Text.Split('\n');
        Assert.Equal(string.Empty, lines[^1]);
        Assert.Equal(threads * linesPerThread, lines.Length - 1);
        int[] next = new int[threads];
        foreach (string line in lines[..^1])
        {
            using JsonDocument doc = JsonDocument.Parse(line);
            int thread = doc.RootElement.GetProperty("thread").GetInt32();
            Assert.Equal(next[thread]++, doc.RootElement.GetProperty("index").GetInt32());
        }

        Assert.All(next, count => Assert.Equal(linesPerThread, count));
        Assert.True(stream.Writes < threads * linesPerThread, $"{stream.Writes} writes for {threads * linesPerThread} lines: lines should be written in batches");
    }

    [Fact]
    public void Dispose_WritesEverythingStillBuffered()
    {
        var stream = new RecordingStream { Gate = new ManualResetEventSlim(false) };
        ILoggerFactory factory = Factory(stream, out JsonLinesOutput output);
        ILogger logger = factory.CreateLogger("Agentry.Test");
        for (int i = 0; i < 100; i++)
        {
#pragma warning disable CA1848, CA2254
            logger.LogWarning("before shutdown {Index}", i);
#pragma warning restore CA1848, CA2254
        }

        // The gated stream holds the writer at its first line: the other 99 are still buffered here.
        Assert.True(output.BufferedBytes > 0);
        stream.Gate.Set();
        factory.Dispose();

        Assert.Equal(100, stream.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task FullBuffer_MakesTheCallerWaitInsteadOfDroppingLines()
    {
        var stream = new RecordingStream { Gate = new ManualResetEventSlim(false) };
        using var output = new JsonLinesOutput(stream);
        byte[] line = Encoding.UTF8.GetBytes(new string('a', 64 * 1024 - 1) + "\n");
        output.WriteLine(line);
        Assert.True(stream.Entered.Wait(TimeSpan.FromSeconds(10)), "the writer should take the first line");

        // The writer now holds the first line at the gated stream; these fill the buffer and then some.
        int lines = (JsonLinesOutput.MaxBufferedBytes / line.Length) + 2;
        Task producer = Task.Factory.StartNew(
            () =>
            {
                for (int i = 0; i < lines; i++)
                {
                    output.WriteLine(line);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

        Task first = await Task.WhenAny(producer, Task.Delay(TimeSpan.FromMilliseconds(500)));
        Assert.Null(producer.Exception);
        Assert.NotSame(producer, first);
        Assert.True(output.BufferedBytes <= JsonLinesOutput.MaxBufferedBytes);

        stream.Gate.Set();
        await producer.WaitAsync(TimeSpan.FromSeconds(30));
        output.Dispose();
        Assert.Equal((long)(lines + 1) * line.Length, stream.Length);
    }

    [Fact]
    public void LevelFilters_UseTheConsoleLoggersSettings()
    {
        var stream = new RecordingStream();
        IConfiguration config = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Console:LogLevel:Default"] = "Warning" })
            .Build();
        using (ILoggerFactory factory = Factory(stream, out _, config))
        {
            ILogger logger = factory.CreateLogger("Agentry.Test");
#pragma warning disable CA1848
            logger.LogInformation("filtered out");
            logger.LogWarning("kept");
#pragma warning restore CA1848
        }

        string text = stream.Text;
        Assert.Contains("\"kept\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("filtered out", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Scopes_AreWrittenWhenIncluded()
    {
        var stream = new RecordingStream();
        using (ILoggerFactory factory = Factory(stream, out _, options: new JsonLinesFormatterOptions { IncludeScopes = true }))
        {
            ILogger logger = factory.CreateLogger("Agentry.Test");
            using (logger.BeginScope(new Dictionary<string, object?> { ["RunId"] = "run_1" }))
            {
#pragma warning disable CA1848
                logger.LogWarning("inside");
#pragma warning restore CA1848
            }
        }

        using JsonDocument doc = JsonDocument.Parse(stream.Text);
        Assert.Equal("run_1", doc.RootElement.GetProperty("run_id").GetString());
    }

    /// <summary>A logger factory over the provider, as the host builds it; disposing it disposes the provider, as the host's container does.</summary>
    private static OwningFactory Factory(RecordingStream stream, out JsonLinesOutput output, IConfiguration? config = null, JsonLinesFormatterOptions? options = null)
    {
        var formatter = new JsonLinesConsoleFormatter(new FixedOptionsMonitor<JsonLinesFormatterOptions>(options ?? new JsonLinesFormatterOptions()), TimeProvider.System);
        JsonLinesOutput sink = output = new JsonLinesOutput(stream);
        var provider = new JsonLinesLoggerProvider(formatter, sink, ownsOutput: true);
        ILoggerFactory factory = LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(LogLevel.Trace);
            if (config is not null)
            {
                builder.AddConfiguration(config);
            }

            builder.AddProvider(provider);
        });
        return new OwningFactory(factory, provider);
    }

    private sealed class OwningFactory(ILoggerFactory inner, IDisposable provider) : ILoggerFactory
    {
        public void AddProvider(ILoggerProvider loggerProvider) => inner.AddProvider(loggerProvider);

        public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

        public void Dispose()
        {
            inner.Dispose();
            provider.Dispose();
        }
    }

    /// <summary>A stream that records what is written and how many writes it took; <see cref="Gate"/> holds every write until set.</summary>
    private sealed class RecordingStream : Stream
    {
        private readonly MemoryStream _data = new();

        public ManualResetEventSlim? Gate { get; init; }

        /// <summary>Set when a write has begun (and may be waiting at the gate).</summary>
        public ManualResetEventSlim Entered { get; } = new(false);

        public int Writes { get; private set; }

        public string Text
        {
            get
            {
                lock (_data)
                {
                    return Encoding.UTF8.GetString(_data.ToArray());
                }
            }
        }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length
        {
            get
            {
                lock (_data)
                {
                    return _data.Length;
                }
            }
        }

        public override long Position { get => Length; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Entered.Set();
            Gate?.Wait();
            lock (_data)
            {
                _data.Write(buffer);
                Writes++;
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
