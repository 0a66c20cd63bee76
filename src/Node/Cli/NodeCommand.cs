using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using ActorMigration.Node.Cluster;
using Akka.Actor;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration node --port P [--hostname H] [--seed HOST:PORT... | --discovery METHOD [--management-port P]] [--roles ROLE,...] [--config FILE]
/// [--journal LOCATION] (--tls-cert FILE | --insecure)</c>: runs a cluster member until SIGTERM or SIGINT, on which it leaves the cluster (coordinated shutdown) and exits 0.</summary>
internal static class NodeCommand
{
    /// <summary>The environment variables a container sets instead of options (an option, when given, wins).</summary>
    private const string PortVariable = "ACTORMIGRATION_PORT", HostnameVariable = "ACTORMIGRATION_HOSTNAME", SeedsVariable = "ACTORMIGRATION_SEEDS",
        RolesVariable = "ACTORMIGRATION_ROLES", JournalVariable = "ACTORMIGRATION_JOURNAL", DiscoveryVariable = "ACTORMIGRATION_DISCOVERY",
        ManagementPortVariable = "ACTORMIGRATION_MANAGEMENT_PORT";

    /// <summary>Every environment variable a member reads: what deploy/'s manifests and environment files may set.</summary>
    internal static readonly IReadOnlyList<string> EnvironmentVariables =
        [PortVariable, HostnameVariable, SeedsVariable, DiscoveryVariable, ManagementPortVariable, RolesVariable, RemotingOptions.ConfigVariable, JournalVariable,
            RemotingOptions.CertificateVariable, ClusterCertificate.PasswordVariable];

    public static Command Create()
    {
        var port = new Option<int?>("--port") { Description = $"Akka.Remote TCP port, 0 for any free one (or {PortVariable})" };
        var hostname = new Option<string?>("--hostname") { Description = $"Address to listen on and be reached at (or {HostnameVariable}; default 127.0.0.1)" };
        var seeds = new Option<string[]>("--seed") { Description = $"A seed member HOST:PORT, repeatable (or {SeedsVariable}, comma-separated); none: this member starts the cluster", AllowMultipleArgumentsPerToken = false };
        var discovery = new Option<string?>("--discovery")
        {
            Description = $"Instead of seeds, find the other members by Akka.Management's cluster bootstrap with this discovery method: " +
                $"{string.Join(" or ", MemberSettings.DiscoveryMethods)} (the endpoints at {MemberSettings.ConfigEndpointsKey} in --config) (or {DiscoveryVariable})",
        };
        var managementPort = new Option<int?>("--management-port")
        {
            Description = $"With --discovery: the port of this member's Akka.Management endpoint, which bootstrap probes (or {ManagementPortVariable}; default {MemberSettings.DefaultManagementPort})",
        };
        var roles = new Option<string?>("--roles") { Description = $"Comma-separated roles: coordinator, worker (or {RolesVariable}; default coordinator,worker)" };
        var journal = new Option<string?>("--journal") { Description = $"Where a coordinator member keeps a sweep's progress, shared by the coordinator members so that another resumes the sweep when this one is lost: postgres:CONNSTR (or an SQLite file, on one host) (or {JournalVariable}; default: memory, no resuming)" };
        var remoting = new RemotingOptions();
        var command = new Command("node", "Run a cluster member until SIGTERM (then leave the cluster cleanly). Environment: " + string.Join(", ", EnvironmentVariables));
        foreach (var option in new Option[] { port, hostname, seeds, discovery, managementPort, roles, journal }) command.Options.Add(option);
        remoting.AddTo(command);
        command.SetAction(parse =>
        {
            var (tls, configFile) = remoting.Read(parse);
            var settings = new MemberSettings(
                parse.GetValue(hostname) ?? Environment.GetEnvironmentVariable(HostnameVariable) ?? "127.0.0.1",
                parse.GetValue(port) ?? PortFromEnvironment(PortVariable) ?? throw new UsageException($"--port: required (or set {PortVariable})"),
                parse.GetValue(seeds) is { Length: > 0 } given ? given : List(Environment.GetEnvironmentVariable(SeedsVariable)),
                List(parse.GetValue(roles) ?? Environment.GetEnvironmentVariable(RolesVariable)) is { Count: > 0 } r ? r : MemberSettings.DefaultRoles,
                configFile,
                parse.GetValue(journal) ?? Environment.GetEnvironmentVariable(JournalVariable),
                tls,
                parse.GetValue(discovery) ?? NonEmpty(Environment.GetEnvironmentVariable(DiscoveryVariable)),
                parse.GetValue(managementPort) ?? PortFromEnvironment(ManagementPortVariable) ?? MemberSettings.DefaultManagementPort);
            if (settings.Port is < 0 or > 65535) throw new UsageException($"--port: expected 0 (any free port) to 65535, got {settings.Port}");
            if (settings.Discovery is null && settings.Port == 0 && settings.Seeds.Count == 0)
                throw new UsageException("--port 0: the first member (no --seed) needs a port the others can be told");
            if (settings.Discovery is not null) CheckBootstrap(settings);
            foreach (var role in settings.Roles)
                if (role is not (MemberSettings.CoordinatorRole or MemberSettings.WorkerRole)) throw new UsageException($"--roles: expected coordinator or worker, got '{role}'");
            if (settings.Journal is { } location) JournalOptions.CheckWritable(location);
            return Run(settings);
        });
        return command;
    }

    private static int Run(MemberSettings settings)
    {
        var system = ClusterMember.Start(settings);
        var shutdown = CoordinatedShutdown.Get(system);
        // SIGTERM (a container's stop) and SIGINT leave the cluster through Akka's coordinated shutdown; the process waits for it.
        void Leave(PosixSignalContext signal)
        {
            signal.Cancel = true;
            shutdown.Run(CoordinatedShutdown.ClrExitReason.Instance);
        }
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Leave);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Leave);
        var cluster = Akka.Cluster.Cluster.Get(system);
        cluster.RegisterOnMemberUp(() => Console.Error.WriteLine($"actormigration: member up at {cluster.SelfAddress} with roles {string.Join(',', settings.Roles)}"));
        system.WhenTerminated.Wait();
        if (shutdown.ShutdownReason is CoordinatedShutdown.ClrExitReason) return ExitCodes.Ok;
        // Downed by the split-brain resolver, or removed: the member did not choose to stop.
        Console.Error.WriteLine($"actormigration: this member left the cluster without being asked ({shutdown.ShutdownReason})");
        return ExitCodes.EnvironmentFailure;
    }

    private static void CheckBootstrap(MemberSettings settings)
    {
        if (!MemberSettings.DiscoveryMethods.Contains(settings.Discovery))
            throw new UsageException($"--discovery: expected {string.Join(" or ", MemberSettings.DiscoveryMethods)}, got '{settings.Discovery}'");
        if (settings.Seeds.Count > 0) throw new UsageException("--discovery: members bootstrap without seeds; give --seed or --discovery, not both");
        if (settings.ManagementPort is < 1 or > 65535) throw new UsageException($"--management-port: expected 1 to 65535, got {settings.ManagementPort}");
        if (settings.Discovery == MemberSettings.ConfigDiscovery && settings.ToConfig().GetStringList(MemberSettings.ConfigEndpointsKey).Count == 0)
            throw new UsageException($"--discovery config: {MemberSettings.ConfigEndpointsKey} in --config: expected the members' management endpoints, [\"HOST:PORT\", ...]");
    }

    /// <summary>The port in <paramref name="variable"/>; null when it is unset or empty.</summary>
    private static int? PortFromEnvironment(string variable)
    {
        var text = Environment.GetEnvironmentVariable(variable);
        if (string.IsNullOrEmpty(text)) return null;
        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) ? port : throw new UsageException($"{variable}: expected a port number, got '{text}'");
    }

    private static string? NonEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;

    private static IReadOnlyList<string> List(string? commaSeparated) =>
        commaSeparated?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
