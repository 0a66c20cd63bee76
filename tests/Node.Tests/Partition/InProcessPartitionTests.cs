using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Tests.Cluster;
using ActorMigration.Node.Cluster.Partition;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>Three worker members as actor systems in this process and a client member: a run partitioned over 2 and over 3 of them,
/// window by window over Akka.Remote, equals the one-process run; a member leaving mid-run ends the run with a clear error.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class InProcessPartitionTests : IDisposable
{
    private readonly List<ActorSystem> _members = [];

    public void Dispose()
    {
        foreach (var member in _members) CoordinatedShutdown.Get(member).Run(CoordinatedShutdown.ClrExitReason.Instance).Wait(TimeSpan.FromSeconds(15));
    }

    private async Task<string> Form(int workers)
    {
        var seedPort = FreePorts.Next();
        _members.Add(ClusterMember.Start(new MemberSettings("127.0.0.1", seedPort, [], [MemberSettings.WorkerRole])));
        for (var i = 1; i < workers; i++) _members.Add(ClusterMember.Start(new MemberSettings("127.0.0.1", 0, [$"127.0.0.1:{seedPort}"], [MemberSettings.WorkerRole])));
        await Task.WhenAll(_members.Select(m =>
        {
            var joined = new TaskCompletionSource();
            Akka.Cluster.Cluster.Get(m).RegisterOnMemberUp(joined.SetResult);
            return joined.Task;
        })).WaitAsync(TimeSpan.FromSeconds(30));
        return $"127.0.0.1:{seedPort}";
    }

    [Fact]
    public async Task Runs_partitioned_over_two_and_three_members_equal_the_one_process_run()
    {
        var seed = await Form(3);
        var scenario = PartitionedTieringTests.Pond();
        var one = TieringSimulation.Run(scenario);
        foreach (var partitions in new[] { 2, 3 })
        {
            var counters = new PartitionCounters();
            var split = ClusterPartitionedRun.Run(scenario, partitions, MemberSettings.Client(seed, "127.0.0.1"), TimeSpan.FromSeconds(120), counters);
            Assert.Equal(one.TraceHash, split.TraceHash);
            Assert.Equal(one.Events, split.Events);
            Assert.Equal(PartitionedTieringTests.Report(one), PartitionedTieringTests.Report(split));
            Assert.True(counters.Crossed > 0 && counters.Bytes > 0, $"{counters.Crossed} messages, {counters.Bytes} bytes crossed");
        }
    }

    [Fact]
    public async Task A_member_lost_mid_run_ends_it_with_an_error_naming_the_partition()
    {
        var seed = await Form(2);
        var scenario = PartitionedTieringTests.Pond(10_000);
        var run = Task.Run(() => ClusterPartitionedRun.Run(scenario, 2, MemberSettings.Client(seed, "127.0.0.1"), TimeSpan.FromSeconds(120),
            progress: t => { if (t.TotalSeconds >= 0.2) _ = _members[1].Terminate(); }));
        var error = await Assert.ThrowsAsync<ClusterUnavailableException>(() => run.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Matches("holding partition [01] was lost", error.Message);
    }
}
