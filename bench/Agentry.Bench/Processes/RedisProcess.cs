using System.Globalization;

namespace Agentry.Bench.Processes;

/// <summary>A throwaway <c>redis-server</c> on a loopback port, configured as the Compose file runs it (AOF, fsync every second).</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;
    private readonly string _directory;

    private RedisProcess(ChildProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    public static async Task<RedisProcess> StartAsync(CancellationToken cancellationToken)
    {
        string executable = Which("redis-server")
            ?? throw new InvalidOperationException("'redis-server' is not installed: apt-get install redis-server (the Redis scenarios need it).");
        string directory = Directory.CreateTempSubdirectory("agentry-bench-redis-").FullName;
        int port = FreePort.Next();
        string[] arguments =
        [
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory,
            "--appendonly", "yes", "--appendfsync", "everysec", "--save", "", "--daemonize", "no", "--protected-mode", "yes",
        ];
        ChildProcess process = ChildProcess.Start("redis-server", executable, arguments, new Dictionary<string, string>(), Path.Combine(directory, "redis.log"), directory);
        var redis = new RedisProcess(process, directory, port);
        try
        {
            await Readiness.WaitForRedisAsync(process, port, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await redis.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return redis;
    }

    /// <summary>Empties the database between scenarios, so one scenario's keys do not weigh on the next.</summary>
    public Task FlushAsync(CancellationToken cancellationToken) => Readiness.RedisCommandAsync(Port, "FLUSHALL", cancellationToken);

    public ProcessSnapshot Snapshot() => _process.Snapshot();

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync().ConfigureAwait(false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }

    private static string? Which(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
