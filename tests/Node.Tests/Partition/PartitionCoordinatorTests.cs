using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Cluster.Partition;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>The coordinator's window protocol with test probes as partition hosts and runners: one partition per host, windows of
/// the lookahead from the global minimum next event, crossings routed to the partition holding their receiver with the next window,
/// and a failed or lost runner ending the run with a clear error.</summary>
public sealed class PartitionCoordinatorTests() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []")
    .WithFallback(new MemberSettings("127.0.0.1", 0, [], [MemberSettings.ClientRole]).ToConfig()))
{
    private static readonly TieringScenario Scenario = PartitionedTieringTests.Pond();
    private static readonly long Lookahead = TieringShards.Lookahead(Scenario)!.Value.Picoseconds;

    private readonly TaskCompletionSource<TieringResult> _result = new();

    /// <summary>Two hosts; each answers its start from a runner probe that is ready with its first event at 0.</summary>
    private (TestProbe[] Runners, Guid RunId) Started()
    {
        var hosts = new[] { CreateTestProbe(), CreateTestProbe() };
        Sys.ActorOf(PartitionCoordinator.Props(Scenario, hosts.Select(h => h.Ref.Path).ToArray(), _result));
        var runners = new[] { CreateTestProbe(), CreateTestProbe() };
        var runId = Guid.Empty;
        for (var p = 0; p < 2; p++)
        {
            var start = hosts[p].ExpectMsg<StartPartition>();
            Assert.Equal((p, 2), (start.Partition, start.Partitions));
            runId = start.RunId;
            runners[p].Send(hosts[p].LastSender, new PartitionReady(runId, p, 0));
        }
        return (runners, runId);
    }

    [Fact]
    public void Windows_last_the_lookahead_and_crossings_reach_the_partition_of_their_receiver_with_the_next_window()
    {
        var (runners, runId) = Started();
        foreach (var runner in runners) Assert.Equal(Lookahead, runner.ExpectMsg<RunWindow>(w => w.Inbox.Count == 0 && !w.Stop).EndPs);
        // Partition 0 holds the pool's device; h15's bus is in partition 1.
        var toBus = new CrossingSend(Lookahead + 5, DeliveryPriority.Normal, 17UL << 32, 3, TieringShards.BusName("h15"), "pool16", new PoolLoad(16, 0.5));
        var coordinator = runners[1].LastSender;
        runners[0].Reply(new WindowDone(runId, 0, [toBus], null, null, null, 1));
        // No window starts before every partition has finished the last one.
        runners[1].ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        runners[1].Send(coordinator, new WindowDone(runId, 1, [], 10 * Lookahead, null, null, 1));
        // The next window starts at the earliest event anywhere: the message on its way.
        Assert.Equal(2 * Lookahead + 5, runners[1].ExpectMsg<RunWindow>(w => w.Inbox.Single() == toBus).EndPs);
        Assert.Empty(runners[0].ExpectMsg<RunWindow>().Inbox);
    }

    [Fact]
    public void A_failed_partition_ends_the_run_with_its_reason_and_the_others_are_ended()
    {
        var (runners, runId) = Started();
        foreach (var runner in runners) runner.ExpectMsg<RunWindow>();
        runners[1].Reply(new PartitionFailed(runId, 1, "SimulationFailedException: boom"));
        var error = Assert.Throws<AggregateException>(() => _result.Task.Wait(TimeSpan.FromSeconds(10))).InnerException;
        Assert.Contains("partition 1", Assert.IsType<ClusterUnavailableException>(error).Message);
        Assert.Contains("boom", error.Message);
        runners[0].ExpectMsg<EndPartition>(e => e.RunId == runId);
    }

    [Fact]
    public void A_lost_runner_ends_the_run_with_an_error_naming_its_partition()
    {
        var (runners, _) = Started();
        foreach (var runner in runners) runner.ExpectMsg<RunWindow>();
        Sys.Stop(runners[0].Ref);
        var error = Assert.Throws<AggregateException>(() => _result.Task.Wait(TimeSpan.FromSeconds(10))).InnerException;
        Assert.Contains("holding partition 0 was lost", Assert.IsType<ClusterUnavailableException>(error).Message);
    }
}
