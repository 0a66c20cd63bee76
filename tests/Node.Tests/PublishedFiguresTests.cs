using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests;

/// <summary>The published figures of ../shared/spec/TIERS.md that a system scenario reproduces, each with how close the model
/// comes and the bound past which it fails.</summary>
public sealed class PublishedFiguresTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("published-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>The slowdown of workload <c>x</c>, placed behind a cold <paramref name="filler"/> that takes the DRAM first.</summary>
    private double Slowdown(string system, string filler, string x)
    {
        var file = Path.Combine(_dir, "s.yaml");
        File.WriteAllText(file, $"""
            name: published
            system: {system}
            duration: 20ms
            sample: 10ms
            workloads:
              - {"{"} name: filler, host: h0, {filler}, accesses_per_second: 1 {"}"}
              - {"{"} name: x, host: h0, {x} {"}"}
            """);
        return TieringSimulation.Run(TieringScenarioFile.Load(file)).Totals.Workloads.Single(w => w.Workload == "x").Slowdown;
    }

    [Fact]
    public void A_CXL_expander_is_2_18_times_local_DRAM_as_CXL_DMSim_measured()
    {
        // CXL-DMSim: ASIC CXL memory 2.18x the latency of local DRAM. A light workload placed on an expander of
        // zen3-2s-cxl4 sees that ratio, within 2%.
        var slowdown = Slowdown("zen3-2s-cxl4", "working_set: 261800M", "working_set: 1G, accesses_per_second: 1e6");
        Assert.InRange(slowdown, 2.18 * 0.98, 2.18 * 1.02);
    }

    [Fact]
    public void A_CXL_pool_adds_70_to_90_ns_over_local_DRAM_as_Pond_measured()
    {
        // Pond: a pool behind a switch adds 70-90 ns over local DRAM. A light workload on h0's pool slice of pond-16.
        var slowdown = Slowdown("pond-16", "working_set: 196000M", "working_set: 8G, accesses_per_second: 1e6");
        var addedNs = (slowdown - 1) * 110;
        Assert.InRange(addedNs, 70, 90);
    }

    [Fact]
    public void A_saturated_DRAM_node_reaches_2_5_times_its_latency_as_Colloid_measured()
    {
        // Colloid: the default tier's loaded latency reaches 2.5x. 3e9 accesses of 64 B a second ask 192 GB/s of a
        // 150 GB/s node: saturated after the first epoch, the latency is 2.5x, within 5% over 20 ms.
        var slowdown = Slowdown("zen3-2s", "working_set: 1G", "working_set: 1G, accesses_per_second: 3e9");
        Assert.InRange(slowdown, 2.5 * 0.95, 2.5);
    }

    [Fact]
    public void The_promotion_rate_limit_halves_promotion_for_a_few_percent_as_the_kernel_measured()
    {
        // pmbench on Optane: 211.7 MB/s of promotion without a limit, 105.9 MB/s with 100 MB/s (the sysctl's MB are MiB),
        // and a 3.3% loss of score. The scenario is set to the first figure; the model must reach the second within 5% and
        // the loss within a factor of two.
        var scenario = TieringScenarioFile.Load(RepositoryFiles.Path("config/scenarios/tiering-pmbench-rate-limit.yaml"));
        (double PromoteMBps, double Slowdown) Run(TieringScenario s)
        {
            var totals = TieringSimulation.Run(s).Totals;
            var promoted = totals.Nodes.Single(n => n.Node == 0).Vmstat.GetValueOrDefault("pgpromote_success") * 4096.0;
            return (promoted / totals.Time.TotalSeconds / 1e6, totals.Workloads.Single().Slowdown);
        }
        var free = Run(scenario);
        var limited = Run(scenario with { NumaBalancing = scenario.NumaBalancing! with { PromoteRateLimitBytesPerSec = 100.0 * (1 << 20) } });
        Assert.InRange(free.PromoteMBps, 211.7 * 0.9, 211.7 * 1.1);
        Assert.InRange(limited.PromoteMBps, 105.9 * 0.95, 105.9 * 1.05);
        var scoreLoss = 1 - free.Slowdown / limited.Slowdown;
        Assert.InRange(scoreLoss, 0.033 / 2, 0.033 * 2);
    }
}
