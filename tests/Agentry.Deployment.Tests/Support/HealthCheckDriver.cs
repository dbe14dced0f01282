namespace Agentry.Deployment.Tests.Support;

/// <summary>
/// Runs the health checks of the containers under test every two seconds, as the engine's own scheduler would: podman
/// 4.3 schedules health checks with systemd timers, and these machines have no systemd, so without this every
/// container stays "starting" and every <c>depends_on: condition: service_healthy</c> waits forever. Only containers of
/// a Compose project are driven: the image tests run the image's check themselves, and the pods of <c>kube play</c>
/// have their probes' endpoints checked by the tests.
/// </summary>
internal sealed class HealthCheckDriver : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public HealthCheckDriver() => _loop = Task.Run(() => LoopAsync(_stop.Token));

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private static async Task LoopAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                IReadOnlyCollection<string> containers = await CheckedContainersAsync();
                await Task.WhenAll(containers.Select(id => Podman.RunAsync(["healthcheck", "run", id], TimeSpan.FromSeconds(30))));
            }
#pragma warning disable CA1031 // A container that went away between the listing and its check: the next round lists again.
            catch (Exception)
#pragma warning restore CA1031
            {
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static async Task<IReadOnlyCollection<string>> CheckedContainersAsync()
    {
        var containers = new HashSet<string>(StringComparer.Ordinal);
        CommandResult listed = await Podman.RunAsync(["ps", "--filter", "label=com.docker.compose.project", "--format", "{{.ID}} {{.Status}}"], TimeSpan.FromSeconds(30));
        foreach (string line in listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            // "Up 5 seconds ago (starting)", "(healthy)", "(unhealthy)"; containers without a check have none.
            if (line.EndsWith("(starting)", StringComparison.Ordinal) || line.EndsWith("healthy)", StringComparison.Ordinal))
            {
                containers.Add(line.Split(' ')[0]);
            }
        }

        return containers;
    }
}
