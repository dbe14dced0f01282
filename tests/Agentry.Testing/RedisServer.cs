using System.Diagnostics;
using System.Net.Sockets;
using System.Text;

namespace Agentry.Testing;

/// <summary>
/// A throwaway <c>redis-server</c> on a free loopback port, with AOF on (fsync always) in a temporary folder,
/// so a killed and restarted server keeps everything acknowledged before the kill.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _executable;
    private readonly string _directory;
    private Process? _process;

    private RedisServer(string executable, string directory, int port)
    {
        _executable = executable;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>The server's <c>dir</c>: its RDB file and append-only folder.</summary>
    public string DataDirectory => _directory;

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<RedisServer> StartAsync()
    {
        string executable = ExternalTool.Require("redis-server", "redis-server");
        string directory = Directory.CreateTempSubdirectory("agentry-redis-").FullName;
        var server = new RedisServer(executable, directory, FreePort.Next());
        await server.LaunchAsync();
        return server;
    }

    /// <summary>SIGKILL: no shutdown save, as in a crash.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    /// <summary>Starts the server again on the same port and folder; it replays its AOF.</summary>
    public Task RestartAsync()
    {
        Kill();
        return LaunchAsync();
    }

    /// <summary>Sends one command in Redis' inline protocol and returns the first reply line.</summary>
    public async Task<string> CommandAsync(string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? "";
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process?.Dispose();
        await Task.Yield();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private async Task LaunchAsync()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[]
        {
            "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", _directory,
            "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no", "--protected-mode", "yes",
        })
        {
            start.ArgumentList.Add(arg);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        DateTime deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await CommandAsync("PING")).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException)
            {
            }
            catch (IOException)
            {
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer on port {Port} within 15 s.");
    }
}
