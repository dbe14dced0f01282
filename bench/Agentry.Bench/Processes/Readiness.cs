using System.Net.Sockets;
using System.Text;

namespace Agentry.Bench.Processes;

/// <summary>Waits until a started process answers, or fails with its log.</summary>
internal static class Readiness
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    public static async Task WaitForHttpAsync(ChildProcess process, Uri probe, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        DateTime deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{process.Name} exited during start-up:\n{process.LogTail()}");
            }

            try
            {
                using HttpResponseMessage response = await client.GetAsync(probe, cancellationToken).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Too slow to answer yet.
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"{process.Name} did not answer {probe} within {Limit.TotalSeconds} s:\n{process.LogTail()}");
    }

    /// <summary>Sends one command in Redis' inline protocol and returns the first reply line.</summary>
    public static async Task<string> RedisCommandAsync(int port, string command, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port, cancellationToken).ConfigureAwait(false);
        NetworkStream stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) ?? "";
    }

    public static async Task WaitForRedisAsync(ChildProcess process, int port, CancellationToken cancellationToken)
    {
        DateTime deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited during start-up:\n{process.LogTail()}");
            }

            try
            {
                if ((await RedisCommandAsync(port, "PING", cancellationToken).ConfigureAwait(false)).StartsWith("+PONG", StringComparison.Ordinal))
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

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }

        throw new InvalidOperationException($"redis-server did not answer on port {port}:\n{process.LogTail()}");
    }
}
