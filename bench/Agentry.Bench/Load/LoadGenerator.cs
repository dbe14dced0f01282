using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Agentry.Bench.Load;

/// <summary>
/// Closed-loop load: <see cref="LoadSettings.Concurrency"/> clients, each sending its next run as soon as the
/// last one answered, over one keep-alive connection each (HTTP/1.1, as most gateways' clients). Latency is
/// recorded for every run that started in the measured window; nothing is sampled away.
/// </summary>
internal sealed class LoadGenerator
{
    private const int MaxErrorSamples = 5;
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(20);

    private readonly LoadPlan _plan;
    private readonly LoadSettings _settings;
    private readonly List<string> _errorSamples = [];
    private long _issued;
    private long _errors;
    private long _completedInWindow;
    private long _windowStart;
    private long _windowEnd;

    private LoadGenerator(LoadPlan plan, LoadSettings settings)
    {
        _plan = plan;
        _settings = settings;
    }

    public static async Task<LoadPhaseResult> RunAsync(string target, LoadPlan plan, LoadSettings settings, IPhaseObserver? observer, CancellationToken cancellationToken)
    {
        var generator = new LoadGenerator(plan, settings);
        return await generator.RunAsync(target, observer, cancellationToken).ConfigureAwait(false);
    }

    private async Task<LoadPhaseResult> RunAsync(string target, IPhaseObserver? observer, CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = _settings.Concurrency,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        using var client = new HttpClient(handler, disposeHandler: false) { Timeout = _settings.RequestTimeout };
        client.DefaultRequestHeaders.Authorization = Scenarios.BenchApiKey.Header;

        long start = Stopwatch.GetTimestamp();
        _windowStart = start + Ticks(_settings.Warmup);
        _windowEnd = _windowStart + Ticks(_settings.Duration);
        TimeSpan cpuAtStart = TimeSpan.Zero;
        TimeSpan cpuAtEnd = TimeSpan.Zero;
        using Process self = Process.GetCurrentProcess();

        Task window = Task.Run(async () =>
        {
            await Task.Delay(Until(_windowStart), cancellationToken).ConfigureAwait(false);
            self.Refresh();
            cpuAtStart = self.TotalProcessorTime;
            if (observer is not null)
            {
                await observer.OnWindowStartAsync(cancellationToken).ConfigureAwait(false);
            }

            await Task.Delay(Until(_windowEnd), cancellationToken).ConfigureAwait(false);
            self.Refresh();
            cpuAtEnd = self.TotalProcessorTime;
            if (observer is not null)
            {
                await observer.OnWindowEndAsync(cancellationToken).ConfigureAwait(false);
            }
        }, cancellationToken);

        var workers = new Task<Worker>[_settings.Concurrency];
        for (int i = 0; i < workers.Length; i++)
        {
            int index = i;
            workers[i] = Task.Run(() => WorkAsync(client, index, cancellationToken), cancellationToken);
        }

        Worker[] done = await Task.WhenAll(workers).ConfigureAwait(false);
        await window.ConfigureAwait(false);

        var latency = new List<long>();
        var ttfb = new List<long>();
        var ttft = new List<long>();
        foreach (Worker worker in done)
        {
            latency.AddRange(worker.Latency);
            ttfb.AddRange(worker.FirstByte);
            ttft.AddRange(worker.FirstToken);
        }

        double seconds = _settings.Duration.TotalSeconds;
        long completed = Interlocked.Read(ref _completedInWindow);
        return new LoadPhaseResult
        {
            Target = target,
            Concurrency = _settings.Concurrency,
            WindowSeconds = seconds,
            CompletedRuns = completed,
            RequestsPerSecond = Math.Round(completed / seconds, 1),
            Errors = Interlocked.Read(ref _errors),
            ErrorSamples = [.. _errorSamples],
            LatencyMs = Percentiles.From(latency, Stopwatch.Frequency),
            TimeToFirstByteMs = Percentiles.From(ttfb, Stopwatch.Frequency),
            TimeToFirstTokenMs = Percentiles.From(ttft, Stopwatch.Frequency),
            GeneratorCpuSecondsPer1000Runs = completed == 0 ? 0 : Math.Round((cpuAtEnd - cpuAtStart).TotalSeconds / completed * 1000, 4),
        };
    }

    private async Task<Worker> WorkAsync(HttpClient client, int index, CancellationToken cancellationToken)
    {
        var worker = new Worker();
        for (long run = 0; ; run++)
        {
            if (Stopwatch.GetTimestamp() >= _windowEnd || Interlocked.Increment(ref _issued) > _settings.MaxRuns)
            {
                return worker;
            }

            long started = 0;
            try
            {
                IReadOnlyList<LoadStep> steps = await _plan.NextRunAsync(client, index, run, cancellationToken).ConfigureAwait(false);
                started = Stopwatch.GetTimestamp();
                long firstByte = 0;
                long firstToken = 0;
                foreach (LoadStep step in steps)
                {
                    (long stepFirstByte, long stepFirstToken) = await SendAsync(client, step, worker, index, run, cancellationToken).ConfigureAwait(false);
                    firstByte = firstByte == 0 ? stepFirstByte : firstByte;
                    firstToken = firstToken == 0 ? stepFirstToken : firstToken;
                }

                long finished = Stopwatch.GetTimestamp();
                if (started >= _windowStart && started < _windowEnd)
                {
                    worker.Latency.Add(finished - started);
                    if (firstByte != 0)
                    {
                        worker.FirstByte.Add(firstByte - started);
                    }

                    if (firstToken != 0)
                    {
                        worker.FirstToken.Add(firstToken - started);
                    }
                }

                if (finished >= _windowStart && finished < _windowEnd)
                {
                    Interlocked.Increment(ref _completedInWindow);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // Any failure of a run is an error to count and show, never a reason to stop the phase.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                RecordError(ex.GetType().Name + ": " + ex.Message);
                await Task.Delay(ErrorBackoff, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private static async Task<(long FirstByte, long FirstToken)> SendAsync(HttpClient client, LoadStep step, Worker worker, int index, long run, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, step.Uri) { Content = new ByteArrayContent(step.Body) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        foreach (KeyValuePair<string, string> header in step.Headers)
        {
            request.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        if (step.UniqueIdempotencyKey)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", string.Create(CultureInfo.InvariantCulture, $"bench-{worker.Nonce}-{index}-{run}"));
        }

        using HttpResponseMessage response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        Stream body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (body.ConfigureAwait(false))
        {
            long firstByte = 0;
            long firstToken = 0;
            int length = 0;
            byte[] buffer = worker.Buffer;
            while (true)
            {
                if (length == buffer.Length)
                {
                    Array.Resize(ref buffer, buffer.Length * 2);
                    worker.Buffer = buffer;
                }

                int read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                long now = Stopwatch.GetTimestamp();
                if (step.FirstTokenMarker is { } marker && firstToken == 0)
                {
                    // Streams only: a JSON answer's first byte is its last, to within a read.
                    firstByte = firstByte == 0 ? now : firstByte;
                    int from = Math.Max(0, length - marker.Length + 1);
                    if (buffer.AsSpan(from, length + read - from).IndexOf(marker) >= 0)
                    {
                        firstToken = now;
                    }
                }

                length += read;
            }

            ReadOnlySpan<byte> answer = buffer.AsSpan(0, length);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException($"HTTP {(int)response.StatusCode} from {step.Uri.AbsolutePath}: {Preview(answer)}");
            }

            foreach (byte[] marker in step.SuccessMarkers)
            {
                if (answer.IndexOf(marker) < 0)
                {
                    throw new InvalidDataException($"answer of {step.Uri.AbsolutePath} lacks '{System.Text.Encoding.UTF8.GetString(marker)}': {Preview(answer)}");
                }
            }

            return (firstByte, firstToken);
        }
    }

    private static string Preview(ReadOnlySpan<byte> answer) =>
        System.Text.Encoding.UTF8.GetString(answer[..Math.Min(answer.Length, 300)]);

    private static TimeSpan Until(long timestamp)
    {
        TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private void RecordError(string message)
    {
        Interlocked.Increment(ref _errors);
        lock (_errorSamples)
        {
            if (_errorSamples.Count < MaxErrorSamples)
            {
                _errorSamples.Add(message);
            }
        }
    }

    private sealed class Worker
    {
        public string Nonce { get; } = Guid.NewGuid().ToString("N")[..8];

        public byte[] Buffer { get; set; } = new byte[16 * 1024];

        public List<long> Latency { get; } = new(4096);

        public List<long> FirstByte { get; } = [];

        public List<long> FirstToken { get; } = [];
    }
}
