using System.Globalization;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Journal;
using ActorMigration.Runtime.Logging;
using Akka.Actor;
using Akka.Actor.Setup;
using Akka.Configuration;

namespace ActorMigration.Node.Cluster;

/// <summary>Where a cluster member listens, whom it joins and what it does: the settings of <c>actormigration node</c> (and of the
/// member a distributed <c>sweep</c> client makes of itself), turned into Akka's HOCON.</summary>
/// <param name="Hostname">The address this member listens on and that other members reach it by.</param>
/// <param name="Port">TCP port of Akka.Remote (0: any free one).</param>
/// <param name="Seeds">Seed members as <c>HOST:PORT</c>; empty: this member is the first and joins itself.</param>
/// <param name="Roles">Cluster roles (<see cref="CoordinatorRole"/>, <see cref="WorkerRole"/>, <see cref="ClientRole"/>).</param>
/// <param name="ConfigFile">An optional HOCON file whose settings take precedence over the defaults built here.</param>
/// <param name="Journal">The member's Akka.Persistence journal (<c>postgres:CONNSTR</c> or an SQLite file), where a coordinator member
/// keeps a sweep's progress; null: Akka's in-memory journal, which no other member can recover from.</param>
/// <param name="Tls">The cluster's certificate, for TLS remoting; null: plain TCP (the command line allows that only with <c>--insecure</c>).</param>
/// <param name="Discovery">Instead of <see cref="Seeds"/>: the Akka.Discovery method (<see cref="DiscoveryMethods"/>) by which Akka.Management's
/// cluster bootstrap finds the other members' management endpoints, to join the cluster they run or form one with them.</param>
/// <param name="ManagementPort">The TCP port of this member's Akka.Management endpoint, which bootstrap probes (with <see cref="Discovery"/>).</param>
public sealed record MemberSettings(string Hostname, int Port, IReadOnlyList<string> Seeds, IReadOnlyList<string> Roles, string? ConfigFile = null,
    string? Journal = null, ClusterCertificate? Tls = null, string? Discovery = null, int ManagementPort = MemberSettings.DefaultManagementPort)
{
    /// <summary>Akka.Management's own default.</summary>
    public const int DefaultManagementPort = 8558;

    /// <summary>The service the members are to cluster bootstrap: the pods' <c>app</c> label, the name of a <c>config</c> service.</summary>
    public const string ServiceName = "actormigration";

    /// <summary>The discovery methods a member bootstraps with: the pods of a Kubernetes namespace (<see cref="KubernetesPodDiscovery"/>),
    /// or a list of management endpoints in the configuration (Akka.Discovery's <c>config</c>, at <see cref="ConfigEndpointsKey"/>).</summary>
    public static readonly IReadOnlyList<string> DiscoveryMethods = [KubernetesPodDiscovery.Method, ConfigDiscovery];

    /// <summary>Akka.Discovery's method that reads the endpoints from the configuration.</summary>
    public const string ConfigDiscovery = "config";

    /// <summary>Where the <c>config</c> discovery method finds the members' management endpoints (HOST:PORT).</summary>
    public const string ConfigEndpointsKey = $"akka.discovery.config.services.{ServiceName}.endpoints";

    /// <summary>The actor system's name: members of one cluster must share it.</summary>
    public const string SystemName = "actormigration";

    /// <summary>Members that may host the sweep coordinator (a cluster singleton among them).</summary>
    public const string CoordinatorRole = "coordinator";

    /// <summary>Members that run sweep points.</summary>
    public const string WorkerRole = "worker";

    /// <summary>The member a distributed sweep's client makes of itself: it neither coordinates nor works.</summary>
    public const string ClientRole = "client";

    /// <summary>The roles of a member started without <c>--roles</c>.</summary>
    public static readonly IReadOnlyList<string> DefaultRoles = [CoordinatorRole, WorkerRole];

    /// <summary>The member that a client (<c>sweep --cluster</c>, <c>simulate --cluster</c>) makes of itself while it runs: it joins
    /// through <paramref name="seed"/> (<c>HOST:PORT</c>) and listens on any free port of <paramref name="hostname"/>.</summary>
    public static MemberSettings Client(string seed, string hostname, string? configFile = null, ClusterCertificate? tls = null) =>
        new(hostname, 0, [seed], [ClientRole], configFile, Tls: tls);

    /// <summary>The Akka address of the seed at <paramref name="hostPort"/> (<c>HOST:PORT</c>), over TLS when <paramref name="tls"/>; a
    /// malformed one is a usage error naming <paramref name="option"/>.</summary>
    public static string SeedAddress(string hostPort, string option, bool tls)
    {
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(hostPort.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            throw new UsageException($"{option}: expected HOST:PORT (a port from 1 to 65535), got '{hostPort}'");
        return $"{Protocol(tls)}://{SystemName}@{hostPort[..colon]}:{port}";
    }

    /// <summary>Akka.Remote names a TLS member's addresses with a protocol of their own: a plain TCP member cannot even address it.</summary>
    private static string Protocol(bool tls) => tls ? "akka.ssl.tcp" : "akka.tcp";

    /// <summary>What the member's actor system is created with: <see cref="ToConfig"/>, and the TLS setup of <see cref="Tls"/>.</summary>
    public ActorSystemSetup ToSetup()
    {
        var bootstrap = BootstrapSetup.Create().WithConfig(ToConfig());
        return Tls is null ? ActorSystemSetup.Create(bootstrap) : bootstrap.And(Tls.ToSslSetup());
    }

    /// <summary>The HOCON file <paramref name="file"/> (named by <paramref name="option"/> in errors).</summary>
    public static Config ReadConfigFile(string file, string option)
    {
        if (!File.Exists(file)) throw new UsageException($"{option}: no such file '{file}'");
        try
        {
            return ConfigurationFactory.ParseString(File.ReadAllText(file));
        }
        catch (Exception e) when (e is ConfigurationException or FormatException)
        {
            throw new UsageException($"{option}: '{file}' is not valid HOCON: {e.Message}");
        }
    }

    /// <summary>The member's Akka configuration: cluster provider over DotNetty TCP, Hyperion for this program's messages, keep-majority
    /// split-brain resolver, logs on standard error; then <see cref="ConfigFile"/> over it.</summary>
    public Config ToConfig()
    {
        // Bootstrap refuses to run where seed nodes are configured.
        var seeds = Discovery is not null ? [] : Seeds.Count > 0 ? Seeds.Select(s => SeedAddress(s, "--seed", Tls is not null)) : [$"{Protocol(Tls is not null)}://{SystemName}@{Hostname}:{Port}"];
        var hocon = $$"""
            akka {
              loglevel = WARNING
              # Standard output carries results (a sweep's table): Akka's logs go to standard error, from start to stop.
              stdout-loglevel = WARNING
              stdout-logger-class = "{{StandardErrorLogger.TypeName}}"
              loggers = ["{{StandardErrorLogger.TypeName}}"]
              # Akka's scheduler wakes every tick whether anything is due or not: at its default 10 ms, a hundred wake-ups a second
              # in every member and client, each a thread switch. In a 2-worker sweep of 264 points that was ~0.3 s of the client's
              # CPU and ~0.2 s of the coordinator's, taken from the workers' cores (bench/cluster-sweep.sh; README, Speed). The
              # shortest timers are 100 ms (the coordinator's tells, a worker's results), then gossip (200 ms) and heartbeats (1 s).
              scheduler.tick-duration = 100ms
              actor {
                provider = cluster
                serializers.hyperion = "Akka.Serialization.HyperionSerializer, Akka.Serialization.Hyperion"
                # Every message of this program that crosses processes implements IClusterMessage: never Akka's default JSON.
                serialization-bindings {
                  "{{typeof(IClusterMessage).FullName}}, {{typeof(IClusterMessage).Assembly.GetName().Name}}" = hyperion
                }
              }
              remote.dot-netty.tcp {
                hostname = "{{Hostname}}"
                port = {{Port}}
                # A point's result carries every folio's inaccessible time, packed (PointResult): a few kB for a batched run, up to
                # ~20 bytes a folio when every folio's time differs (default: 128 kB).
                maximum-frame-size = 64MiB
              }
              # The coordinator's progress is events only.
              persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
              cluster {
                # Akka 1.5.73's proxy warns that it "failed to find" the singleton "after 30 seconds" within a second of starting,
                # when nothing has failed. A worker warns itself when no coordinator answers for 30 s; a sweep's client, when none
                # accepts the sweep within its answer deadline.
                singleton-proxy.log-singleton-identification-failure = off
                # Joining (Up once every member has seen the joiner and the leader acts) and leaving take a few rounds of each: at
                # Akka's 1 s a sweep's client spent 4-6 s joining and leaving around a 3.5 s sweep, at 200 ms 1.5-2 s (2 workers,
                # alternating runs; 500 ms: 2.5-4 s). Idle, a member's CPU goes from 2.3% of a core to 2.8%.
                gossip-interval = 200ms
                leader-actions-interval = 200ms
                seed-nodes = [{{string.Join(", ", seeds.Select(s => $"\"{s}\""))}}]
                roles = [{{string.Join(", ", Roles.Select(r => $"\"{r}\""))}}]
                downing-provider-class = "Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster"
                split-brain-resolver {
                  active-strategy = keep-majority
                  # Akka's sizing advice for clusters under 100 members; its default (20 s) leaves a killed worker's points idle longer.
                  stable-after = 7s
                }
              }
            }
            """;
        var config = ConfigurationFactory.ParseString(hocon);
        // A sweep's client only waits for results: when its process is slow (a loaded machine) it must not take the members
        // for lost, or its side of the split-brain resolver's vote goes against it and it is downed before the sweep ends.
        if (Roles.Contains(ClientRole)) config = ConfigurationFactory.ParseString("akka.cluster.failure-detector.acceptable-heartbeat-pause = 10s").WithFallback(config);
        if (Discovery is not null) config = config.WithFallback(BootstrapConfig(Discovery));
        if (Journal is not null) config = config.WithFallback(JournalConfig.Persistence(JournalLocation.Parse(Journal), writable: true));
        if (ConfigFile is not null) config = WithLogLevel(ReadConfigFile(ConfigFile, "--config")).WithFallback(config);
        // Whether remoting is TLS is decided by Tls alone: a config file must not turn it off (or on without the pinned certificate).
        return ConfigurationFactory.ParseString($"akka.remote.dot-netty.tcp.enable-ssl = {(Tls is null ? "off" : "on")}").WithFallback(config);
    }

    /// <summary><paramref name="file"/>, its <c>akka.loglevel</c> also its <c>akka.stdout-loglevel</c> unless it sets that too: this member's
    /// one logger is <see cref="StandardErrorLogger"/>, Akka's standard-output logger, which prints only what <c>stdout-loglevel</c> lets
    /// through (WARNING here), so that a file's <c>loglevel = INFO</c> alone printed nothing more.</summary>
    private static Config WithLogLevel(Config file) =>
        file.HasPath("akka.loglevel") && !file.HasPath("akka.stdout-loglevel")
            ? ConfigurationFactory.ParseString($"akka.stdout-loglevel = {file.GetString("akka.loglevel")}").WithFallback(file)
            : file;

    /// <summary>Akka.Management's endpoint on this member's address, and cluster bootstrap by <paramref name="method"/>.</summary>
    private Config BootstrapConfig(string method) => ConfigurationFactory.ParseString($$"""
        akka.management {
          http {
            hostname = "{{Hostname}}"
            port = {{ManagementPort}}
            # Only the bootstrap's routes: a receptionist for ClusterClient is not what this endpoint is for.
            routes.cluster-client-receptionist = ""
          }
          cluster.bootstrap {
            contact-point-discovery {
              service-name = {{ServiceName}}
              discovery-method = {{method}}
            }
            contact-point {
              # A configured list names each member's own port; pods share one.
              filter-on-fallback-port = {{(method == ConfigDiscovery ? "off" : "on")}}
              # Akka.Management's 5 s made three members Up 10.7-13.8 s after they started together on loopback; 1 s, 5.9-10.7 s.
              probe-interval = 1s
            }
          }
        }
        akka.discovery.{{KubernetesPodDiscovery.Method}} {
          class = "{{typeof(KubernetesPodDiscovery).FullName}}, {{typeof(KubernetesPodDiscovery).Assembly.GetName().Name}}"
          # Empty: the pod's own namespace.
          pod-namespace = ""
          pod-label-selector = "app={0}"
        }
        """);
}
