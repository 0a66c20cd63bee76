using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>Callers that act on a schedule (kcompactd, move_pages(2)): a probe plays the workload and hands each round the
/// folios it selects; the calls run on the real machine, and the machine's recorder logs each migrate_pages() call's start and
/// return in virtual time.</summary>
public sealed class PlannedCallerTests : TieringKit
{
    private readonly ScriptedWorkload _workload;
    private readonly TestProbe _bus;

    public PlannedCallerTests()
    {
        _workload = new ScriptedWorkload(CreateTestProbe("workload"), World);
        _bus = CreateTestProbe("bus");
    }

    /// <summary>kcompactd's round of 100 pages' worth of folios on node 0, in regions 0 and 1: isolation stops once a call holds
    /// COMPACT_CLUSTER_MAX = 32 base pages, so the calls (and the putbacks after them) hold 32 pages at most, a folio at least
    /// (a 2M folio is a call of its own), and follow the list in order. The folios move within node 0. The next round's migrate
    /// scanner goes on after the last region taken, and starts over once a round finds nothing.</summary>
    [Theory]
    [InlineData(4096, 40, 60, "0:32 | 0:8,1:24 | 1:32 | 1:4")]
    [InlineData(65536, 3, 3, "0:2 | 0:1,1:1 | 1:2")]
    [InlineData(2 << 20, 2, 1, "0:1 | 0:1 | 1:1")]
    public void Compaction_never_passes_more_than_32_pages_a_call(long folioBytes, int inRegion0, int inRegion1, string calls)
    {
        var folio = new ByteSize(folioBytes);
        var select = new IsolateWhere(0, int.MaxValue, 0, -1, 0, double.PositiveInfinity, SelectOrder.Address, 100 * ByteSize.Page.Bytes / folioBytes);
        _workload.Selection = round => new FoliosSelected(round == 0 ? [new NodeFolios(0, [new RegionFolios(0, inRegion0), new RegionFolios(1, inRegion1)])] : []);
        Start(new CallerPlan("kcompactd", MigrateReason.Compaction, MigrateMode.Sync, SimTime.FromMilliseconds(1), SimTime.FromMilliseconds(10), select,
            -1, 32, true, SimTime.Zero, SimTime.Zero), folio);

        Drive(SimTime.FromMilliseconds(25), _workload.Play);

        var expected = calls.Split('|').Select(call => call.Split(',').Select(rc => rc.Split(':')).Select(rc => new RegionFolios(int.Parse(rc[0]), int.Parse(rc[1]))).ToArray()).ToArray();
        Assert.Equal(expected.Length, _workload.Putbacks.Count);
        Assert.All(_workload.Putbacks.Zip(expected), x =>
        {
            Assert.Equal(x.Second, x.First.Isolated);
            Assert.Equal((0, 0, x.Second.Sum(r => r.Count)), (x.First.From, x.First.To, x.First.Moved));
            var folios = x.Second.Sum(r => r.Count);
            Assert.True(folios * folio.Pages <= 32 || folios == 1, $"a call of {folios} folios of {folio}");
        });
        Assert.Equal(expected.Select(c => c.Sum(r => r.Count)), Calls.Calls.Select(c => c.Folios));
        Assert.Equal(new[] { 0, 2, 0 }, _workload.Selects.Select(s => s.Select.FromRegion));
    }

    /// <summary>move_pages(2) of 16 entries (10 on node 2, 6 on node 3, all to node 0), called every 20 µs: before its first
    /// migrate_pages() call it looks up and isolates each entry (page_lookup each), it calls once per source node, one call after
    /// the other, and after the last it stores each entry's status (status_store each): so a round (a syscall) returns exactly
    /// 16 × (page_lookup + status_store) after its start plus its calls. A round due while one runs waits for it to return.</summary>
    [Fact]
    public void Move_pages_pays_its_per_entry_work_around_its_calls_and_rounds_never_overlap()
    {
        var kernel = Profiles.Zen3.Kernel;
        var every = SimTime.FromMicroseconds(20);
        var select = new IsolateWhere(0, 64, -1, 0, 0, double.PositiveInfinity, SelectOrder.Hottest, 16);
        _workload.Selection = _ => new FoliosSelected([new NodeFolios(2, [new RegionFolios(0, 10)]), new NodeFolios(3, [new RegionFolios(1, 6)])]);
        Start(new CallerPlan("move_pages", MigrateReason.Syscall, MigrateMode.Sync, SimTime.FromMilliseconds(1), every, select, 0, 0, false,
            kernel.PageLookup, kernel.StatusStore), ByteSize.Page);

        Drive(SimTime.FromMilliseconds(2), _workload.Play);

        Assert.True(kernel.PageLookup > SimTime.Zero && kernel.StatusStore > SimTime.Zero);
        Assert.True(_workload.Selects.Count >= 4, $"{_workload.Selects.Count} rounds");
        for (var round = 0; round < 3; round++)
        {
            var (first, last) = (Calls.Calls[2 * round], Calls.Calls[2 * round + 1]);
            var startPs = _workload.Selects[round].AtPs;
            Assert.Equal((10, 6), (first.Folios, last.Folios));
            Assert.Equal(startPs + 16 * kernel.PageLookup.Picoseconds, first.StartPs);
            Assert.Equal(first.EndPs, last.StartPs);
            var returnedPs = last.EndPs + 16 * kernel.StatusStore.Picoseconds;
            Assert.Equal(returnedPs, _workload.Selects[round + 1].AtPs);
            Assert.True(returnedPs - startPs > every.Picoseconds, "a round shorter than the period shows no waiting");
        }
        Assert.Equal(Enumerable.Repeat(new[] { (2, 0, 10), (3, 0, 6) }, 3).SelectMany(r => r), _workload.Putbacks.Take(6).Select(p => (p.From, p.To, p.Moved)));
    }

    private void Start(CallerPlan plan, ByteSize folio)
    {
        var machine = BuildHost(new Dictionary<int, long>());
        var workloads = new[] { Workload(_workload.Probe, folio) };
        Spawn(SimulationProps.Of(() => new PlannedCaller(plan, workloads, 0, machine, _bus.Ref, CopyFlow.Vanilla, Telemetry)), plan.Name);
    }
}
