using System.Net;
using System.Net.Sockets;
using Akka;
using Akka.Actor;
using Akka.Http.Dsl;
using Akka.Management.Dsl;
using Ceen.Httpd;

namespace ActorMigration.Node.Cluster;

/// <summary>Akka.Management's HTTP endpoint, whose <c>/bootstrap/seed-nodes</c> route the members' cluster bootstrap probes. The routes
/// are Akka.Management's own (<see cref="AkkaManagement.Routes()"/>, which it offers for a server of one's own); only the server is
/// started here. <c>AkkaManagement.Start()</c> cannot: Akka.Management 1.5.73 calls Ceen.Httpd 0.9.9's
/// <c>ListenAsync(IPEndPoint, ...)</c>, and the registry serves only 0.9.10, where it takes an <see cref="EndPoint"/>.</summary>
public static class ManagementEndpoint
{
    /// <summary>How long a port may be held by the connections of a previous run (TIME_WAIT lasts 60 s on Linux).</summary>
    private static readonly TimeSpan TimeWaitPatience = TimeSpan.FromSeconds(65);

    /// <summary>Serves the routes on <c>akka.management.http</c>'s bind address until <paramref name="system"/>'s coordinated shutdown.
    /// A port another process listens on is a <see cref="ClusterUnavailableException"/>.</summary>
    public static void Start(ActorSystem system)
    {
        var management = AkkaManagement.Get(system);
        var http = management.Settings.Http;
        var endpoint = new IPEndPoint(Address(http.EffectiveBindHostname), http.EffectiveBindPort);
        AwaitFree(endpoint);
        var stop = new CancellationTokenSource();
        var server = HttpServer.ListenAsync(endpoint, false, new ServerConfig { Router = new AkkaRouter(system, management.Routes()) }, stop.Token);
        // Ceen binds before its first await: a port taken in the meantime has already failed the task.
        if (server.IsFaulted) throw Unavailable(endpoint, server.Exception!.GetBaseException().Message);
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseBeforeClusterShutdown, "management-endpoint-stop", () =>
        {
            stop.Cancel();
            return Task.FromResult(Done.Instance);
        });
    }

    private static IPAddress Address(string hostname) =>
        IPAddress.TryParse(hostname, out var address) ? address
            : Dns.GetHostAddresses(hostname).FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
              ?? throw new ClusterUnavailableException($"akka.management.http: '{hostname}' has no IPv4 address to listen on");

    /// <summary>Ceen binds without SO_REUSEADDR, so a port that a previous run of this member left connections on refuses it for up to a
    /// minute after that run (a restart under systemd; SO_REUSEADDR on this side would not help, those connections did not set it).
    /// Those wait here; a port another process listens on (it accepts a connection) fails at once.</summary>
    private static void AwaitFree(IPEndPoint endpoint)
    {
        var deadline = DateTime.UtcNow + TimeWaitPatience;
        var told = false;
        while (!Binds(endpoint))
        {
            if (Accepts(endpoint)) throw Unavailable(endpoint, "another process listens there");
            if (DateTime.UtcNow > deadline) throw Unavailable(endpoint, $"connections of a previous run still hold it after {TimeWaitPatience.TotalSeconds:0} s");
            if (!told) Console.Error.WriteLine($"actormigration: {endpoint} still holds connections of a previous run (TIME_WAIT); waiting up to {TimeWaitPatience.TotalSeconds:0} s for it");
            told = true;
            Thread.Sleep(500);
        }
    }

    private static bool Binds(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(endpoint);
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            return false;
        }
    }

    private static bool Accepts(IPEndPoint endpoint)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.ConnectAsync(endpoint).Wait(TimeSpan.FromSeconds(2));
            return socket.Connected;
        }
        catch (AggregateException e) when (e.InnerException is SocketException)
        {
            return false;
        }
    }

    private static ClusterUnavailableException Unavailable(IPEndPoint endpoint, string why) =>
        new($"cannot serve Akka.Management's endpoint (cluster bootstrap) on {endpoint}: {why}");
}
