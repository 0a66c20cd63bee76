using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>Memory hotplug offline of CXL expander 3 (socket 0) of zen3-2s-cxl4: a probe plays the process whose folios sit there,
/// the offline's migrate_pages() calls run on the real machine into real memory nodes, and its targets and watermarks are the
/// ones <see cref="TieringSimulation"/> gives it.</summary>
public sealed class OfflinePagesTests : TieringKit
{
    private const int Node = 3;
    private static readonly SimTime At = SimTime.FromMilliseconds(1);
    private static readonly IReadOnlyDictionary<int, Watermarks> Marks = System.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(System, n, 10));

    private readonly ScriptedWorkload _workload;
    private readonly TestProbe _bus;
    private IReadOnlyDictionary<int, IActorRef> _nodes = new Dictionary<int, IActorRef>();

    public OfflinePagesTests()
    {
        _workload = new ScriptedWorkload(CreateTestProbe("workload"), World);
        _bus = CreateTestProbe("bus");
    }

    /// <summary>128 movable folios on node 3: the first scan finds them all and do_migrate_range() passes them in one MIGRATE_SYNC
    /// call to node 0 (the nearest node, by node 3's zonelist, with room above its min watermark; a scan asks no more than that
    /// room); the call pays lru_add_drain_all() first, as MR_MEMORY_HOTPLUG does; the next scan finds nothing, so the node
    /// is offline and stays isolated: it allocates nothing afterwards. pgmigrate_success counts at node 0.</summary>
    [Fact]
    public void Offline_of_a_fully_movable_node_empties_it_and_takes_it_offline()
    {
        var free0 = ByteSize.FromGiB(1).Bytes;
        _workload.Selection = round => new FoliosSelected(round == 0 ? [new NodeFolios(Node, [new RegionFolios(0, 100), new RegionFolios(1, 28)])] : []);
        Start(Workload(_workload.Probe, ByteSize.Page), free0, timeout: null);

        Drive(SimTime.FromMilliseconds(50), _workload.Play);

        Assert.Equal([0, 1, 2, 4, 5], TieringSimulation.OfflineTargets(System, System.Nodes[Node], Marks).Select(t => t.Node));
        Assert.Equal(2, _workload.Selects.Count);
        // Each scan asks for no more than node 0's room above its min watermark, as node 0 last reported it.
        Assert.Equal([(Node, (free0 - Marks[0].Min) / ByteSize.Page.Bytes), (Node, (free0 - Marks[0].Min) / ByteSize.Page.Bytes - 128)],
            _workload.Selects.Select(s => (s.Select.OnNode, s.Select.MaxFolios)));
        Assert.Equal(At.Picoseconds, _workload.Selects[0].AtPs);
        var call = Assert.Single(Calls.Calls);
        Assert.Equal((128, 128), (call.Folios, call.Succeeded));
        var kernel = Profiles.Zen3.Kernel;
        Assert.Equal(call.StartPs + (kernel.MovePagesFixed + kernel.MigratePagesCall).Picoseconds, call.Batches[0].StartPs);
        var putback = Assert.Single(_workload.Putbacks);
        Assert.Equal((Node, 0, 128), (putback.From, putback.To, putback.Moved));
        Assert.Equal(128, Vmstat(0, "pgmigrate_success"));
        Assert.Equal(0, Vmstat(Node, "pgmigrate_fail"));
        Assert.Equal(128, Telemetry.Caller("memory_hotplug").Succeeded);
        var offline = Assert.Single(Telemetry.Offlines);
        Assert.Equal(("offlined", 2L, 128L, 0L), (offline.Result, offline.Rounds, offline.Migrated, offline.FoliosLeft));
        Assert.Equal(_workload.Selects[1].AtPs, offline.EndPs);
        Assert.Equal(0, Allocate(Node));
    }

    /// <summary>Two of the 102 folios on node 3 are pinned (region 1): the first call passes them last, migrates the other 100 and
    /// fails the two with -EAGAIN after the sync retries (one single-folio batch call each); every later scan finds the two again
    /// and fails them again, while nothing may be allocated on the isolated node; the round that ends past the 5 ms timeout ends
    /// the offline with -EINTR ("signal backoff"). The 100 stay on node 0, the two on node 3, and node 3 allocates again.</summary>
    [Fact]
    public void Offline_with_a_pinned_folio_fails_at_its_timeout_and_leaves_every_other_folio_where_it_went()
    {
        var timeout = SimTime.FromMilliseconds(5);
        _workload.Selection = round => new FoliosSelected([new NodeFolios(Node, round == 0 ? [new RegionFolios(1, 2), new RegionFolios(0, 100)] : [new RegionFolios(1, 2)])]);
        var w = Workload(_workload.Probe, ByteSize.Page);
        Start(w with { Spec = w.Spec with { Pin = new WorkloadPin(1, 2, null) } }, ByteSize.FromGiB(1).Bytes, timeout);

        Drive(At + SimTime.FromMilliseconds(2), _workload.Play);
        Assert.Equal(0, Allocate(Node));
        Drive(SimTime.FromMilliseconds(50), _workload.Play);

        var offline = Assert.Single(Telemetry.Offlines);
        Assert.Equal(("EINTR", "signal backoff", 100L, 2L), (offline.Result, offline.Reason, offline.Migrated, offline.FoliosLeft));
        Assert.Equal(_workload.Selects.Count, Calls.Calls.Count);
        Assert.True(offline.Rounds > 2 && offline.Rounds == _workload.Selects.Count, $"{offline.Rounds} rounds");
        Assert.True(_workload.Selects[^1].AtPs < (At + timeout).Picoseconds && offline.EndPs >= (At + timeout).Picoseconds, "the last round began before the signal");
        Assert.Equal((102, 100, 2), (Calls.Calls[0].Folios, Calls.Calls[0].Succeeded, Calls.Calls[0].Failed(Errno.EAGAIN)));
        Assert.Equal(1 + 2, Calls.Calls[0].Batches.Count);
        Assert.All(Calls.Calls.Skip(1), c => Assert.Equal((2, 0, 2), (c.Folios, c.Succeeded, c.Failed(Errno.EAGAIN))));
        Assert.Equal([new RegionFolios(0, 100), new RegionFolios(1, 2)], _workload.Putbacks[0].Isolated.ToArray());
        Assert.Equal((Node, 0, 100), (_workload.Putbacks[0].From, _workload.Putbacks[0].To, _workload.Putbacks[0].Moved));
        Assert.All(_workload.Putbacks.Skip(1), p => Assert.Equal(0, p.Moved));
        Assert.Equal(100, Vmstat(0, "pgmigrate_success"));
        Assert.Equal(2 * offline.Rounds, Vmstat(Node, "pgmigrate_fail"));
        Assert.Equal(1, Allocate(Node));
    }

    /// <summary>DRAM node 0 holds the kernel's unmovable allocations: start_isolate_page_range() fails, so the offline returns
    /// -EBUSY at once without scanning or migrating anything, and the node keeps allocating.</summary>
    [Fact]
    public void Offline_of_a_node_with_unmovable_memory_fails_with_EBUSY_before_moving_anything()
    {
        var machine = BuildHost(new Dictionary<int, long>());
        var workloads = new[] { Workload(_workload.Probe, ByteSize.Page) };
        var targets = TieringSimulation.OfflineTargets(System, System.Nodes[0], Marks);
        Spawn(SimulationProps.Of(() => new OfflinePages(0, true, At, null, targets, workloads, 0, machine, _bus.Ref, CopyFlow.Vanilla, Telemetry)), "offline");
        _nodes = machine.Nodes;

        Drive(SimTime.FromMilliseconds(10), _workload.Play);

        Assert.Empty(_workload.Selects);
        Assert.Empty(Calls.Calls);
        var offline = Assert.Single(Telemetry.Offlines);
        Assert.Equal(("EBUSY", "failure to isolate range", 0L, At.Picoseconds), (offline.Result, offline.Reason, offline.Rounds, offline.EndPs));
        Assert.Equal(1, Allocate(0));
    }

    private void Start(TieringWorkload workload, long free0, SimTime? timeout)
    {
        var machine = BuildHost(new Dictionary<int, long> { [0] = free0, [Node] = ByteSize.FromGiB(1).Bytes });
        _nodes = machine.Nodes;
        var targets = TieringSimulation.OfflineTargets(System, System.Nodes[Node], Marks);
        var workloads = new[] { workload };
        Spawn(SimulationProps.Of(() => new OfflinePages(Node, false, At, timeout, targets, workloads, 0, machine, _bus.Ref, CopyFlow.Vanilla, Telemetry)), "offline");
    }

    /// <summary>Asks <paramref name="node"/> for one page, as any allocation would; returns what it granted.</summary>
    private int Allocate(int node)
    {
        var allocator = CreateTestProbe();
        _nodes[node].Tell(new AllocFolios(1, ByteSize.Page.Bytes), allocator.Ref);
        World.Run(maxEvents: 1);
        return allocator.ExpectMsg<FoliosAllocated>().Count;
    }
}
