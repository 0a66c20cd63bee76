using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>A tiered system partitioned by host over several worlds in one process, window by window: the same result as one world.</summary>
public sealed class PartitionedTieringTests
{
    /// <summary>The shipped 16-host pool, cut to a short run: every caller (NUMA balancing, kswapd, DAMON, the DMA migrator) at work,
    /// hosts coupled through the pool's device.</summary>
    internal static TieringScenario Pond(int milliseconds = 300) => TieringScenarioFile.Load("pond-16-tiering") with
    {
        Duration = SimTime.FromMilliseconds(milliseconds),
        Sample = SimTime.FromMilliseconds(100),
    };

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_partitioned_run_equals_the_one_process_run(int partitions)
    {
        var scenario = Pond();
        var one = TieringSimulation.Run(scenario);
        var counters = new PartitionCounters();
        var split = PartitionedTiering.Run(scenario, partitions, counters);
        Assert.Equal(one.TraceHash, split.TraceHash);
        Assert.Equal(one.Events, split.Events);
        Assert.Equal(Report(one), Report(split));
        Assert.Contains(one.Totals.Nodes, n => n.Vmstat.GetValueOrDefault("pgmigrate_success") > 0);
        Assert.True(counters.Crossed > 0, "no message crossed partitions: the hosts were not coupled");
        Assert.True(counters.Windows >= scenario.Duration.Picoseconds / TieringShards.Lookahead(scenario)!.Value.Picoseconds, $"{counters.Windows} windows");
    }

    /// <summary>Every number of every sample, as the reports print them.</summary>
    internal static string Report(TieringResult result) => string.Join("\n", TieringReport.TimeSeries(result).Select(f => f.Text));
}
