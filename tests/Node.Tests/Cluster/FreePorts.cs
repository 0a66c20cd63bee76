using System.Net;
using System.Net.Sockets;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Loopback TCP ports free at the time of asking (the OS hands out each once before it cycles), for seed members, whose port
/// others must know in advance.</summary>
internal static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
