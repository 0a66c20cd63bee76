using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using ActorMigration.TestKit;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>A simulation TestKit with host h0 of the shipped zen3-2s-cxl4 system built as <see cref="TieringSimulation"/> builds
/// it (the real machine on the calibrated profile, a real <see cref="MemoryNode"/> per node), for protocol tests of one tiering
/// caller: the caller is real, its migrate_pages() calls run on real migrating tasks, and probes stand in for the workloads,
/// kswapd and the bus, so the test sees and answers each message at the virtual time it is sent.</summary>
public abstract class TieringKit : SimulationTestKit
{
    /// <summary>Two sockets, each with a DRAM node (0, 1) and two CXL expanders (2, 3 on socket 0; 4, 5 on socket 1).</summary>
    protected static readonly SystemSpec System = SystemReader.Load("zen3-2s-cxl4");

    /// <summary>A fresh world.</summary>
    protected TieringKit() : base(seed: 9) => Events = EventCollector.Attach(Sys);

    /// <summary>Unhandled messages and dead letters so far.</summary>
    protected EventCollector Events { get; }

    /// <summary>The counters the callers add to (/proc/vmstat per node, per caller).</summary>
    protected TieringTelemetry Telemetry { get; } = new();

    /// <summary>Every migrate_pages() call the host's tasks returned.</summary>
    protected CallLog Calls { get; } = new();

    /// <summary>Builds host h0 with <paramref name="free"/> bytes free on the nodes it names (nothing in use on the others) and
    /// returns its machine, whose tasks report their calls to <see cref="Calls"/>.</summary>
    protected Machine BuildHost(IReadOnlyDictionary<int, long> free)
    {
        var host = System.Hosts[0];
        var nodes = System.Nodes.ToDictionary(n => n.Id, n =>
        {
            var used = n.HostShareBytes - free.GetValueOrDefault(n.Id, n.HostShareBytes);
            return Spawn(SimulationProps.Of(() => new MemoryNode(n.Id, n.HostShareBytes, used)), $"node{n.Id}");
        });
        var memory = System.Nodes.Select(n => new MachineMemory(n.Id, n.Socket, n.HostShareBytes, n.Bandwidth)).ToArray();
        return Machine.BuildHost(World, host.Name, HostProfile.For(host, Profiles.Zen3), memory, nodes, Calls);
    }

    /// <summary>A workload of 64 MiB on <paramref name="socket"/> of h0, played by <paramref name="probe"/>: promotion aims at that
    /// socket's DRAM node, and its threads run on the first CPUs of the socket's first cores.</summary>
    protected static TieringWorkload Workload(TestProbe probe, ByteSize folio, int socket = 0, int threads = 4)
    {
        var spec = new WorkloadSpec(probe.Ref.Path.Name, "h0", socket, ByteSize.FromMiB(64), folio, 64, 1e6, 0, [], threads);
        var cpusPerSocket = System.Hosts[0].CoresPerSocket * 2;
        return new TieringWorkload(spec, probe.Ref, socket, Enumerable.Range(0, threads).Select(t => socket * cpusPerSocket + 2 * t).ToArray());
    }

    /// <summary>Runs the world one event at a time while its next event is due before <paramref name="until"/>, calling
    /// <paramref name="afterEach"/> after each, so the test answers what a probe got at the virtual time it got it.</summary>
    protected void Drive(SimTime until, Action afterEach)
    {
        while (World.NextEventTime is { } next && next < until)
        {
            World.Run(maxEvents: 1);
            afterEach();
        }
        Events.AssertNone();
    }

    /// <summary>Watermarks set rather than derived, so that tests read plainly: min, low, high and promo at 1, 2, 3 and 4 ×
    /// <paramref name="stepBytes"/>.</summary>
    protected static Watermarks Steps(long stepBytes) => new(stepBytes, 2 * stepBytes, 3 * stepBytes, 4 * stepBytes);

    /// <summary>The vmstat counter <paramref name="name"/> of <paramref name="node"/>, in base pages.</summary>
    protected long Vmstat(int node, string name) => Telemetry.Node(node).Vmstat.GetValueOrDefault(name);
}
