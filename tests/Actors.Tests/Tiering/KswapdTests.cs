using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>kswapd of DRAM node 1 with demotion on: two probes play the workloads on socket 1 (they say how cold their coldest
/// folio on the node is, and isolate what they are asked for), the demotions run on the real machine into real memory nodes,
/// and the target is the one memory-tiers.c computes, as <see cref="TieringSimulation"/> wires it.</summary>
public sealed class KswapdTests : TieringKit
{
    private readonly int _target = new MemoryTiers(System).DemotionTargets(1)[0];
    private readonly TestProbe[] _workloads;
    private readonly TestProbe _bus, _lowerTier;
    private readonly List<(long AtPs, int Workload)> _peeks = [], _isolations = [];
    private readonly List<(long AtPs, int Workload, PutbackFolios Putback)> _putbacks = [];
    private IReadOnlyDictionary<int, IActorRef> _nodes = new Dictionary<int, IActorRef>();

    /// <summary>Node 1's watermarks, low at 2 MiB, high at 3, promo at 4: a few rounds balance it.</summary>
    private static readonly Watermarks Marks = Steps(1L << 20);

    private static readonly long Batch = DemotionSettings.Default.Batch;

    public KswapdTests()
    {
        _workloads = [CreateTestProbe("w0"), CreateTestProbe("w1")];
        _bus = CreateTestProbe("bus");
        _lowerTier = CreateTestProbe("lower-tier");
    }

    /// <summary>Node 1 starts a page over its low watermark: kswapd sleeps. A two-page allocation takes it below: each round then
    /// asks both workloads for their coldest folio there, isolates 32 folios (SWAP_CLUSTER_MAX) from the coldest one (w1, w0, w1
    /// ...: whichever said so) and demotes them in one migrate_pages() call to node 4, the nearest node of the next tier from
    /// socket 1, until node 1 is at its high watermark (its promo watermark in tiering mode): (1 MiB + 4 KiB) / 128 KiB, rounded
    /// up, is 9 rounds; (2 MiB + 4 KiB) / 128 KiB, 17. Only node 4 lost the memory.</summary>
    [Theory]
    [InlineData(false, 9)]
    [InlineData(true, 17)]
    public void Kswapd_demotes_batches_from_the_coldest_workload_to_the_tier_target_between_low_and_high(bool toPromo, int rounds)
    {
        Assert.Equal(4, _target);
        Start(toPromo, Marks.Low + ByteSize.Page.Bytes, ByteSize.FromGiB(1).Bytes);
        Drive(SimTime.FromMilliseconds(1), Play);
        Assert.Empty(_peeks);

        var allocator = CreateTestProbe("allocator");
        _nodes[1].Tell(new AllocFolios(2, ByteSize.Page.Bytes), allocator.Ref);
        Drive(SimTime.FromMilliseconds(500), Play);

        allocator.ExpectMsg<FoliosAllocated>(a => a.Count == 2);
        Assert.Equal(2 * rounds, _peeks.Count);
        Assert.Equal(Enumerable.Range(0, rounds).Select(r => 1 - r % 2), _isolations.Select(i => i.Workload));
        Assert.Equal(rounds, _putbacks.Count);
        Assert.All(_putbacks.Select((p, r) => (p, r)), x =>
        {
            Assert.Equal((x.r % 2 == 0 ? 1 : 0, 1, _target, (int)Batch), (x.p.Workload, x.p.Putback.From, x.p.Putback.To, x.p.Putback.Moved));
            Assert.Equal(new[] { new RegionFolios(x.r, (int)Batch) }, x.p.Putback.Isolated);
        });
        Assert.All(Calls.Calls, c => Assert.Equal((Batch, Batch), ((long)c.Folios, (long)c.Succeeded)));
        Assert.Equal(rounds, Calls.Calls.Count);
        // Node 4's free memory went down by the demoted folios; the other lower-tier nodes were never touched.
        var reports = LowerTierReports();
        Assert.Equal(ByteSize.FromGiB(1).Bytes - rounds * Batch * ByteSize.Page.Bytes, reports.Last(f => f.Node == _target).FreeBytes);
        Assert.All(reports.Where(f => f.Node != _target), f => Assert.Equal(System.Nodes.Single(n => n.Id == f.Node).HostShareBytes, f.FreeBytes));
        Assert.Equal(rounds * Batch, Vmstat(1, "pgdemote_kswapd"));
    }

    /// <summary>With node 4 full, the demotion allocations fail without reclaiming there: every folio of each call fails with
    /// -ENOMEM, node 4's free memory stays 0, nothing reaches node 4's kswapd (a probe watching node 4, as a kswapd does), and
    /// kswapd, having freed nothing, sleeps exactly its backoff (100 ms) before the next round.</summary>
    [Fact]
    public void Demotion_to_a_full_target_fails_with_ENOMEM_never_reclaims_there_and_backs_off()
    {
        Start(false, Marks.Low - ByteSize.Page.Bytes, 0);

        Drive(SimTime.FromMilliseconds(250), Play);

        var backoff = DemotionSettings.Default.Backoff.Picoseconds;
        Assert.Equal(3, _putbacks.Count);
        Assert.All(_putbacks, p => Assert.Equal(0, p.Putback.Moved));
        Assert.Equal(6, _peeks.Count);
        for (var round = 1; round < 3; round++)
            Assert.All(_peeks.Skip(2 * round).Take(2), p => Assert.Equal(_putbacks[round - 1].AtPs + backoff, p.AtPs));
        Assert.Equal(3, Calls.Calls.Count);
        Assert.All(Calls.Calls, c => Assert.Equal((0, (int)Batch), (c.Succeeded, c.Failed(Errno.ENOMEM))));
        Assert.Equal(new[] { new NodeFree(_target, 0) }, LowerTierReports().Where(f => f.Node == _target)); // never changed, and no wake-up
        Assert.Equal(0, Vmstat(1, "pgdemote_kswapd"));
        Assert.Equal(3 * Batch, Vmstat(1, "pgmigrate_fail"));
    }

    /// <summary>Builds the host with <paramref name="free1"/> bytes free on node 1 and <paramref name="targetFree"/> on the
    /// target, has a probe watch the lower tier's nodes, and starts node 1's kswapd on socket 1's first CPU.</summary>
    private void Start(bool toPromo, long free1, long targetFree)
    {
        var machine = BuildHost(new Dictionary<int, long> { [1] = free1, [_target] = targetFree });
        _nodes = machine.Nodes;
        foreach (var n in new MemoryTiers(System).Tiers[1]) _nodes[n].Tell(new WatchFree(), _lowerTier.Ref);
        var workloads = _workloads.Select(w => Workload(w, ByteSize.Page, socket: 1)).ToArray();
        var cpu = System.Hosts[0].CoresPerSocket * 2;
        Spawn(SimulationProps.Of(() => new Kswapd(1, _target, cpu, Marks, toPromo, workloads, machine, DemotionSettings.Default, _bus.Ref, CopyFlow.Vanilla, Telemetry)), "kswapd1");
    }

    /// <summary>Plays both workloads: in round r the coldest folio is w1's when r is even, w0's when odd; an isolation of up to
    /// Batch folios gives them all, from region r.</summary>
    private void Play()
    {
        for (var w = 0; w < _workloads.Length; w++)
            while (_workloads[w].HasMessages)
                switch (_workloads[w].ReceiveOne(TimeSpan.Zero))
                {
                    case PeekColdFolios { Node: 1 }:
                        var round = _putbacks.Count;
                        _peeks.Add((World.Now.Picoseconds, w));
                        _workloads[w].Reply(new ColdestFolio(1, w == 1 - round % 2 ? 0.5 : 5.0));
                        break;
                    case IsolateColdFolios { Node: 1 } isolate:
                        Assert.Equal(Batch, isolate.Max);
                        _isolations.Add((World.Now.Picoseconds, w));
                        _workloads[w].Reply(new ColdFoliosIsolated(1, [new RegionFolios(_putbacks.Count, isolate.Max)]));
                        break;
                    case PutbackFolios putback:
                        _putbacks.Add((World.Now.Picoseconds, w, putback));
                        break;
                    case var other:
                        Assert.Fail($"Workload w{w} got {other}");
                        break;
                }
    }

    /// <summary>Every free count the lower tier's nodes reported, in order; fails on anything else reaching their watcher.</summary>
    private List<NodeFree> LowerTierReports()
    {
        var reports = new List<NodeFree>();
        while (_lowerTier.HasMessages) reports.Add(_lowerTier.ExpectMsg<NodeFree>());
        return reports;
    }
}
