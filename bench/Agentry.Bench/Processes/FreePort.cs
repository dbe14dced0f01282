using System.Net;
using System.Net.Sockets;

namespace Agentry.Bench.Processes;

/// <summary>Loopback ports for the processes under test.</summary>
internal static class FreePort
{
    // Below Linux's ephemeral range (32768+): the generator opens up to a thousand outgoing connections, and
    // one of them must not take a port between the moment it is chosen here and the moment a server binds it.
    private const int First = 20_000;
    private const int Last = 32_000;

    public static int Next()
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            int port = Random.Shared.Next(First, Last);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }

        throw new InvalidOperationException($"No free loopback port between {First} and {Last}.");
    }
}
