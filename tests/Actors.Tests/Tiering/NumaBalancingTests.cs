using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>NUMA balancing in tiering mode, should_numa_migrate_memory() decision by decision: a probe plays the workload on
/// socket 0 (it answers each scan with the folios it marks on CXL node 2 and isolates what it is asked for), the promotions to
/// DRAM node 0 run on the real machine, and the test logs every hint fault, each with its latency (its time less its window's
/// scan), whether it became a promotion candidate (pgpromote_candidate) and whether its folio was isolated. Where a test says
/// so, a second probe plays a workload on socket 1, whose folios sit on CXL node 4 and go to DRAM node 1.</summary>
/// <remarks>A workload's working set is one scan window (64 MiB), so a scan cycle is the scan period and a fault always
/// belongs to the last scan.</remarks>
public sealed class NumaBalancingTests : TieringKit
{
    /// <summary>Node 0's watermarks: high at 48 MiB, promo at 64 MiB.</summary>
    private static readonly Watermarks Marks = Steps(16L << 20);

    /// <summary>Free on node 0 short of plenty (Promo + max(1 GiB, 128 GiB / 16)) but far above its high watermark.</summary>
    private const long Roomy = 1L << 30;

    /// <summary>Folios that fault within a fraction of a millisecond of their scan.</summary>
    private static readonly ScannedFolios Hot = new(0, 2, 100, 1e4);

    /// <summary>Folios touched ten times a second: their faults spread over a cycle of 50 or 100 ms.</summary>
    private static readonly ScannedFolios Lukewarm = new(1, 2, 200, 10);

    private sealed record Fault(int Scan, long AtPs, long LatencyPs, bool Candidate, bool Isolated);

    private readonly TestProbe[] _workloads;
    private readonly TestProbe _kswapd0, _kswapd1, _bus;
    private readonly List<Fault> _faults = [];
    private readonly List<(int Workload, int Scan)> _isolations = [];
    private readonly int[] _scans = [-1, -1];
    private readonly long[] _promoted = new long[2];
    private ByteSize _folio = ByteSize.Page;
    private ImmutableArray<ScannedFolios> _marks = [];
    private IActorRef _node0 = ActorRefs.Nobody;
    private long _scanAtPs, _faultsSeen, _candidatesSeen;

    public NumaBalancingTests()
    {
        _workloads = [CreateTestProbe("w0"), CreateTestProbe("w1")];
        _kswapd0 = CreateTestProbe("kswapd0");
        _kswapd1 = CreateTestProbe("kswapd1");
        _bus = CreateTestProbe("bus");
    }

    /// <summary>Folios touched 10^4 times a second fault within a fraction of a millisecond of their scan, far under the 1 s
    /// threshold, so each is a candidate: the scans at 0.3, 0.6 ... 3.0 s bring 10 bursts of them, on each socket.
    /// numa_promotion_rate_limit() keeps its count per target node: it opens a window at the node's first candidate more than a
    /// second after its last window opened, and admits candidates while the window's count before them is under the limit's
    /// pages: the limit's worth exactly. The bursts of 0.3, 1.5 and 2.7 s open the three windows and promote that much to each
    /// DRAM node; the others fall in an open window whose limit is spent, and promote nothing.</summary>
    [Theory]
    [InlineData(4096, 1, 600)] // 256 pages a window: 256 folios
    [InlineData(2 << 20, 4, 40)] // 1024 pages a window: two 2M folios
    public void The_rate_limit_admits_its_MBps_worth_of_candidates_per_second_window_and_counts_the_rest(long folioBytes, int limitMiBps, int marked)
    {
        Start(Settings(300, 1000, limitMiBps, 60_000), Roomy, new ByteSize(folioBytes), [Hot with { Folios = marked }], bothSockets: true);

        Drive(SimTime.FromMilliseconds(3100), Observe);

        var perWindow = limitMiBps * (1L << 20) / folioBytes;
        Assert.Equal(10 * marked, _faults.Count);
        Assert.All(_faults, f => Assert.True(f.Candidate));
        foreach (var (w, source, target) in new[] { (0, 2, 0), (1, 4, 1) })
        {
            Assert.Equal(Enumerable.Range(0, 10).Select(s => s % 4 == 0 ? perWindow : 0), Enumerable.Range(0, 10).Select(s => (long)_isolations.Count(i => i == (w, s))));
            Assert.Equal(10L * marked * _folio.Pages, Vmstat(source, "numa_hint_faults"));
            Assert.Equal(10L * marked * _folio.Pages, Vmstat(target, "pgpromote_candidate"));
            Assert.Equal(3 * perWindow, _promoted[w]);
            Assert.Equal(3 * limitMiBps * (1L << 20) / ByteSize.Page.Bytes, Vmstat(target, "pgpromote_success"));
        }
    }

    /// <summary>Short of plenty on the target, a fault is a candidate exactly when its latency is under the hot threshold (10 ms
    /// here, in cycles of 100 ms); every candidate is isolated (the rate limit is far, the target roomy).</summary>
    [Fact]
    public void Short_of_plenty_a_fault_is_a_candidate_exactly_when_quicker_than_the_hot_threshold()
    {
        Start(Settings(100, 10, 65536, 60_000), Roomy, ByteSize.Page, [Lukewarm]);

        Drive(SimTime.FromMilliseconds(350), Observe);

        Assert.All(_faults, f => Assert.Equal(f.LatencyPs < Ms(10), f.Candidate));
        Assert.All(_faults, f => Assert.Equal(f.Candidate, f.Isolated));
        Assert.True(_faults.Count(f => f.Candidate) >= 20 && _faults.Count(f => !f.Candidate) >= 20,
            $"{_faults.Count(f => f.Candidate)} quick and {_faults.Count(f => !f.Candidate)} slow faults: too few of either to tell");
        Assert.Equal(_faults.Count, Vmstat(2, "numa_hint_faults"));
    }

    /// <summary>Threshold 40 ms (a unit of 5 ms), adjusted every 200 ms, scans every 50 ms, 1 MiB/s: the first fault after 200 ms
    /// finds far more candidates than 1.1 × 51.2 and lowers the threshold to 35 ms. Then node 0 gets plenty free
    /// (pgdat_free_space_enough()): every fault of the next two scans is promoted, whatever its latency, none is counted as a
    /// candidate, and the threshold starts over. Short of plenty again before the next adjustment, the threshold is 40 ms again.</summary>
    [Fact]
    public void With_plenty_free_every_fault_is_promoted_uncounted_and_the_threshold_starts_over()
    {
        Start(Settings(50, 40, 1, 200), Roomy, ByteSize.Page, [Hot, Lukewarm]);
        Drive(SimTime.FromMilliseconds(250), Observe); // scans 0-3, at 50-200 ms
        _node0.Tell(new FreeFolios(9, 1L << 30));
        Drive(SimTime.FromMilliseconds(350), Observe); // scans 4-5
        var allocator = CreateTestProbe("allocator");
        _node0.Tell(new AllocFolios(9, 1L << 30), allocator.Ref);
        Drive(SimTime.FromMilliseconds(400), Observe); // scan 6
        allocator.ExpectMsg<FoliosAllocated>(a => a.Count == 9);

        var adjusted = _faults.First(f => f.AtPs > Ms(200)).AtPs;
        var lowered = _faults.Where(f => f.Scan <= 3 && f.AtPs >= adjusted).ToArray();
        var plenty = _faults.Where(f => f.Scan is 4 or 5).ToArray();
        var again = _faults.Where(f => f.Scan == 6).ToArray();
        Assert.All(_faults.Where(f => f.AtPs < adjusted), f => Assert.Equal(f.LatencyPs < Ms(40), f.Candidate));
        Assert.All(lowered, f => Assert.Equal(f.LatencyPs < Ms(35), f.Candidate));
        Assert.All(plenty, f => Assert.True(f.Isolated && !f.Candidate));
        Assert.All(again, f => Assert.Equal(f.LatencyPs < Ms(40), f.Candidate));
        // Faults between the two thresholds tell them apart: refused at 35 ms, candidates once it started over.
        Assert.Contains(lowered, f => f.LatencyPs >= Ms(35) && f.LatencyPs < Ms(40));
        Assert.Contains(again, f => f.LatencyPs >= Ms(35) && f.LatencyPs < Ms(40));
        Assert.Contains(plenty, f => f.LatencyPs >= Ms(40));
    }

    /// <summary>numa_promotion_adjust_threshold() with a 40 ms reference, adjusted every 100 ms, scans every 100 ms: at the first
    /// fault more than a period after the last adjustment, the threshold steps by 40 × 2 / 16 = 5 ms, down (to 5 ms at least)
    /// when the period's candidates exceed 1.1 × the limit's worth, up (to 80 ms at most) when they fall under 0.9 × it. Each fault
    /// is a candidate exactly when quicker than the threshold in force at it. The first period ends at the first scan's first
    /// fault, before any candidate: the first step is up either way.</summary>
    [Theory]
    [InlineData(1, new[] { 45, 40, 35, 30, 25, 20, 15, 10, 5 })] // then far more candidates than 25.6 pages a period
    [InlineData(65536, new[] { 45, 50, 55, 60, 65, 70, 75, 80, 80 })] // far fewer than 1.7M
    public void The_hot_threshold_steps_a_sixteenth_of_twice_its_reference_toward_the_rate_limit_once_a_period(int limitMiBps, int[] thresholdsMs)
    {
        Start(Settings(100, 40, limitMiBps, 100), Roomy, ByteSize.Page, [Hot, Lukewarm]);

        Drive(SimTime.FromMilliseconds(1000), Observe);

        var expectedPerPeriod = limitMiBps * 256 * 0.1;
        long thresholdPs = Ms(40), adjustedPs = 0;
        int candidatesAtAdjust = 0, candidates = 0, adjustments = 0;
        foreach (var f in _faults)
        {
            if (f.AtPs - adjustedPs > Ms(100))
            {
                var seen = candidates - candidatesAtAdjust;
                Assert.True(seen > 1.1 * expectedPerPeriod || seen < 0.9 * expectedPerPeriod, $"{seen} candidates in a period: too near the limit's {expectedPerPeriod}");
                thresholdPs = Ms(thresholdsMs[adjustments++]);
                (adjustedPs, candidatesAtAdjust) = (f.AtPs, candidates);
            }
            Assert.True((f.LatencyPs < thresholdPs) == f.Candidate, $"{f}: the threshold is {thresholdPs} ps since {adjustedPs} ps");
            if (f.Candidate) candidates++;
        }
        Assert.Equal(thresholdsMs.Length, adjustments);
        // Faults between the reference and the last threshold were judged by the moved one, not the reference.
        Assert.Contains(_faults, f => f.AtPs >= adjustedPs && (f.LatencyPs < Ms(40)) != (f.LatencyPs < thresholdPs));
    }

    /// <summary>numamigrate_isolate_folio(): a candidate is isolated only if the target stays above its high watermark by the
    /// folio (migrate_balanced_pgdat(): free &gt; high + the folio's pages). Short of that, the fault wakes the target node's kswapd
    /// and the folio stays where it is; the candidate is still counted.</summary>
    [Theory]
    [InlineData(0, false)] // at the high watermark
    [InlineData(1, false)] // at the high watermark once the folio is allocated
    [InlineData(22, true)] // room for the 20 folios and more
    public void A_target_short_of_room_wakes_its_kswapd_and_isolates_nothing(int freePagesOverHigh, bool room)
    {
        Start(Settings(300, 1000, 65536, 60_000), Marks.High + freePagesOverHigh * ByteSize.Page.Bytes, ByteSize.Page, [Hot with { Folios = 20 }]);

        Drive(SimTime.FromMilliseconds(350), Observe);

        Assert.Equal(20, _faults.Count);
        Assert.All(_faults, f => Assert.True(f.Candidate));
        Assert.All(_faults, f => Assert.Equal(room, f.Isolated));
        for (var i = 0; i < (room ? 0 : 20); i++) _kswapd0.ExpectMsg<WakeKswapd>();
        _kswapd0.ExpectNoMsg();
        _kswapd1.ExpectNoMsg();
    }

    private static long Ms(long ms) => SimTime.FromMilliseconds(ms).Picoseconds;

    /// <summary>Tiering-mode settings: 64 MiB windows (the workload's whole working set), a scan every <paramref name="scanMs"/>, the hot threshold, the promotion
    /// rate limit in MiB/s and the threshold's adjustment period.</summary>
    private static NumaBalancingSettings Settings(long scanMs, long thresholdMs, int limitMiBps, long adjustMs) => new(ByteSize.FromMiB(64),
        SimTime.FromMilliseconds(scanMs), SimTime.FromMilliseconds(thresholdMs), limitMiBps * (double)(1 << 20), SimTime.FromMilliseconds(adjustMs));

    /// <summary>Builds the host with <paramref name="free"/> bytes free on nodes 0 and 1 and starts NUMA balancing of a workload
    /// of <paramref name="folio"/> folios on socket 0 (and one on socket 1 if <paramref name="bothSockets"/>), whose scans mark
    /// <paramref name="marks"/> (on node 4 for the second).</summary>
    private void Start(NumaBalancingSettings settings, long free, ByteSize folio, ScannedFolios[] marks, bool bothSockets = false)
    {
        _folio = folio;
        _marks = [.. marks];
        var machine = BuildHost(new Dictionary<int, long> { [0] = free, [1] = free });
        _node0 = machine.Nodes[0];
        var workloads = _workloads.Take(bothSockets ? 2 : 1).Select((w, socket) => Workload(w, folio, socket)).ToArray();
        var targets = workloads.ToDictionary(w => w.LocalNode, w => (System.Nodes.Single(n => n.Id == w.LocalNode).HostShareBytes, Marks));
        var kswapd = new Dictionary<int, IActorRef> { [0] = _kswapd0.Ref, [1] = _kswapd1.Ref };
        Spawn(SimulationProps.Of(() => new NumaBalancing(machine, settings, workloads, targets, kswapd, _bus.Ref, CopyFlow.Vanilla, Telemetry)), "h0-numa-balancing");
    }

    /// <summary>After each event: plays the workloads (answers scans, isolates what is asked, takes folios back) and logs the
    /// hint faults on node 2 (the first workload's) the event handled.</summary>
    private void Observe()
    {
        var isolated = 0;
        for (var w = 0; w < _workloads.Length; w++)
            while (_workloads[w].HasMessages)
                switch (_workloads[w].ReceiveOne(TimeSpan.Zero))
                {
                    case ScanWindow:
                        _scans[w]++;
                        if (w == 0) _scanAtPs = World.Now.Picoseconds;
                        _workloads[w].Reply(new WindowScanned(0, [.. _marks.Select(m => m with { Node = w == 0 ? 2 : 4 })]));
                        break;
                    case IsolateFolios isolate:
                        _isolations.AddRange(Enumerable.Repeat((w, _scans[w]), isolate.Count));
                        if (w == 0) isolated += isolate.Count;
                        _workloads[w].Reply(new FoliosIsolated(isolate.Region, isolate.Node, isolate.Count));
                        break;
                    case PutbackFolios putback:
                        Assert.True(putback.From == 2 + 2 * w && putback.To == w && putback.Moved == putback.Isolated.Sum(r => r.Count), $"{putback}: a promotion failed");
                        _promoted[w] += putback.Moved;
                        break;
                    case var other:
                        Assert.Fail($"Workload w{w} got {other}");
                        break;
                }
        var faults = Vmstat(2, "numa_hint_faults") / _folio.Pages - _faultsSeen;
        var candidates = Vmstat(0, "pgpromote_candidate") / _folio.Pages - _candidatesSeen;
        Assert.True(faults > 0 || (isolated == 0 && candidates == 0), "a candidate or an isolation without a hint fault");
        for (var i = 0; i < faults; i++) _faults.Add(new Fault(_scans[0], World.Now.Picoseconds, World.Now.Picoseconds - _scanAtPs, i < candidates, i < isolated));
        _faultsSeen += faults;
        _candidatesSeen += candidates;
    }
}
