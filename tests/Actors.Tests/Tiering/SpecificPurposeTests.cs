using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using FsCheck;
using FsCheck.Fluent;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>Specific-purpose node 6 of zen3-2s-cxl4-spm in whole runs wired as <c>simulate</c> wires them (first touch, NUMA
/// balancing, kswapd demotion, an mbind() squeezing DRAM), in virtual time: no default allocation lands on it; a bind policy or a
/// cpuset's SPM mask does; and the demotion setting decides whether reclaim may use it.</summary>
public sealed class SpecificPurposeTests
{
    private const int Spm = 6;
    private static readonly SystemSpec System = SystemReader.Load("zen3-2s-cxl4-spm");

    /// <summary>Random mixes of default-policy workloads (sizes up to most of the host, 4K or 2M folios, either socket, hot or
    /// cold) under NUMA balancing and demotion, the last one's mbind() pulling a 64th of it into node 0 every 50 ms: at every
    /// sample node 6 holds nothing and no migration ever targeted it, while the other nodes fill, promote and demote.</summary>
    [Fact]
    public void No_default_allocation_ever_lands_on_a_specific_purpose_node()
    {
        var workload =
            from gib in Gen.Choose(1, 160)
            from huge in Gen.Elements(false, true)
            from socket in Gen.Choose(0, 1)
            from hot in Gen.Elements(false, true)
            select (gib, huge, socket, hot);
        var cases = Gen.ListOf(workload, 3).Select(ws => ws.Select((w, i) => new WorkloadSpec($"w{i}", "h0", w.socket, ByteSize.FromGiB(w.gib),
            w.huge ? ByteSize.FromMiB(2) : ByteSize.Page, 256, w.hot ? 1e8 : 1e6, w.hot ? 0.99 : 0, [], 8)).ToArray())
            .Sample(numberOfSamples: 6, seed: new Rnd(20261203), size: 3);

        var demoted = 0L;
        foreach (var workloads in cases)
        {
            var result = TieringSimulation.Run(Scenario(workloads, SpmDemotion.Exclude));
            foreach (var sample in result.Samples)
            {
                var node = sample.Nodes.Single(n => n.Node == Spm);
                Assert.Equal((0L, 0L), (node.UsedBytes, node.Vmstat.GetValueOrDefault("pgmigrate_success")));
            }
            demoted += result.Totals.Nodes.Sum(n => n.Vmstat.GetValueOrDefault("pgdemote_kswapd"));
        }
        Assert.True(demoted > 0, "no case made kswapd demote: the property was never put to the test");
    }

    /// <summary>The same pressure with <c>demotion.spm: target</c> (dax/kmem today): node 6, in the tier below DRAM, is where
    /// kswapd demotes, so the cold process's folios land there; what keeps them off under the proposal is the setting, not chance.</summary>
    [Fact]
    public void With_spm_demotion_targeted_kswapd_demotes_into_the_specific_purpose_node()
    {
        var result = TieringSimulation.Run(Scenario([Cold(), Batch()], SpmDemotion.Target));
        var spm = result.Totals.Nodes.Single(n => n.Node == Spm);
        Assert.True(spm.UsedBytes > 0 && spm.Vmstat.GetValueOrDefault("pgmigrate_success") * ByteSize.Page.Bytes == spm.UsedBytes,
            $"node 6 holds {spm.UsedBytes} bytes");
        Assert.True(result.Totals.Nodes.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgdemote_kswapd") > 0);
        var excluded = TieringSimulation.Run(Scenario([Cold(), Batch()], SpmDemotion.Exclude)).Totals.Nodes.Single(n => n.Node == Spm);
        Assert.Equal(0, excluded.UsedBytes);
    }

    /// <summary>Explicit placement reaches node 6: a store bound to it (MPOL_BIND) has every folio there, and keeps them there
    /// under NUMA balancing (its policy says they are where they belong); a process whose cpuset's SPM mask names node 6 spills
    /// from full node 0 into node 6 (180 ns from socket 0) before remote node 1 (200 ns), where without the mask it goes to node 1.</summary>
    [Fact]
    public void A_bind_policy_or_a_cpuset_spm_mask_places_memory_on_the_specific_purpose_node()
    {
        var store = new WorkloadSpec("store", "h0", 0, ByteSize.FromGiB(16), ByteSize.Page, 256, 1e8, 0.99, [], 8, Membind: [Spm]);
        var big = new WorkloadSpec("big", "h0", 0, ByteSize.FromGiB(140), ByteSize.FromMiB(2), 256, 1e6, 0, [], 8);
        var marks = System.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(System, n, 10));

        var masked = Scenario([store, big with { CpusetSpm = [Spm] }], SpmDemotion.Exclude);
        var (placements, _) = TieringSimulation.FirstTouch(masked, marks);
        Assert.Equal([(Spm, store.Folios)], placements[0]);
        Assert.Equal([0, Spm], placements[1].Select(p => p.Node));
        var (unmasked, _) = TieringSimulation.FirstTouch(Scenario([store, big], SpmDemotion.Exclude), marks);
        Assert.Equal([0, 1], unmasked[1].Select(p => p.Node));

        var result = TieringSimulation.Run(Scenario([store, Cold(), Batch()], SpmDemotion.Exclude));
        Assert.All(result.Samples, s => Assert.Equal(store.WorkingSet.Bytes, s.Nodes.Single(n => n.Node == Spm).UsedBytes));
        Assert.Equal(0, result.Totals.Nodes.Single(n => n.Node == Spm).Vmstat.GetValueOrDefault("numa_hint_faults"));
    }

    /// <summary>A cold process that fills node 0 down to its low watermark and spills into node 1.</summary>
    private static WorkloadSpec Cold() => new("cold", "h0", 0, ByteSize.FromGiB(200), ByteSize.FromMiB(2), 1024, 1e6, 0, [], 8);

    /// <summary>A hot process whose mbind() keeps pulling memory into node 0.</summary>
    private static WorkloadSpec Batch() => new("batch", "h0", 0, ByteSize.FromGiB(64), ByteSize.FromMiB(2), 256, 5e7, 0.99, [], 8);

    /// <summary>300 ms of <paramref name="workloads"/> with NUMA balancing and demotion on, the last workload mbind()ing the first
    /// 64th of its address space to node 0 every 50 ms.</summary>
    private static TieringScenario Scenario(IReadOnlyList<WorkloadSpec> workloads, SpmDemotion spm)
    {
        var last = workloads[^1];
        var kernel = Profiles.Zen3.Kernel;
        var mbind = new CallerPlan("mbind", MigrateReason.MempolicyMbind, MigrateMode.Sync, SimTime.FromMilliseconds(20), SimTime.FromMilliseconds(50),
            new IsolateWhere(0, last.Regions / 64, -1, 0, 0, double.PositiveInfinity, SelectOrder.Address, long.MaxValue), 0, 0, false, kernel.PageLookup, SimTime.Zero);
        return new TieringScenario
        {
            Name = "spm", System = System, Platforms = new Dictionary<string, Contracts.Platform.PlatformProfile> { ["h0"] = Profiles.Zen3 },
            Duration = SimTime.FromMilliseconds(300), Sample = SimTime.FromMilliseconds(50), NumaBalancing = NumaBalancingSettings.Default,
            Demotion = DemotionSettings.Default with { Spm = spm }, Workloads = workloads, Planned = [new PlannedCallerSpec(mbind, [last.Name], last.Socket)],
        };
    }
}
