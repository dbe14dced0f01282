using Agentry.Bench.Load;
using Agentry.Bench.Processes;

namespace Agentry.Bench.Results;

/// <summary>Reads the CPU of the service, the simulator and Redis and memory, and the service's counters, at the edges of the window.</summary>
internal sealed class ServiceObserver(ChildProcess service, ChildProcess simulator, RedisProcess? redis, Uri metrics) : IPhaseObserver, IDisposable
{
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromSeconds(10) };

    public ProcessSnapshot ServiceStart { get; private set; }

    public ProcessSnapshot ServiceEnd { get; private set; }

    public ProcessSnapshot SimulatorStart { get; private set; }

    public ProcessSnapshot SimulatorEnd { get; private set; }

    public ProcessSnapshot RedisStart { get; private set; }

    public ProcessSnapshot RedisEnd { get; private set; }

    public MetricsScrape CountersStart { get; private set; } = Empty;

    public MetricsScrape CountersEnd { get; private set; } = Empty;

    private static MetricsScrape Empty { get; } = new(0, 0, 0, 0, new Dictionary<string, double>());

    public async Task OnWindowStartAsync(CancellationToken cancellationToken)
    {
        ServiceStart = service.Snapshot();
        SimulatorStart = simulator.Snapshot();
        RedisStart = redis?.Snapshot() ?? default;
        CountersStart = await MetricsScrape.ReadAsync(_client, metrics, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnWindowEndAsync(CancellationToken cancellationToken)
    {
        ServiceEnd = service.Snapshot();
        SimulatorEnd = simulator.Snapshot();
        RedisEnd = redis?.Snapshot() ?? default;
        CountersEnd = await MetricsScrape.ReadAsync(_client, metrics, cancellationToken).ConfigureAwait(false);
    }

    public void Dispose() => _client.Dispose();
}
