using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Agentry.Testing;

public static class FreePort
{
    // Below Linux's ephemeral range (32768+), so an outgoing connection cannot take a port between the moment
    // it is chosen here and the moment a server binds it.
    private const int First = 20_000;
    private const int Last = 32_000;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>A loopback port that was free a moment ago and that this process has not handed out before.</summary>
    public static int Next()
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = Random.Shared.Next(First, Last);
            if (!HandedOut.TryAdd(port, true))
            {
                continue;
            }

            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken by someone else; try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
