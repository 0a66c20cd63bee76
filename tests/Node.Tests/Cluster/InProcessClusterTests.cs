using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Sweep;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A cluster of three actor systems in this process (a coordinator member and two workers) and a client member: the members
/// form, the workers register, and a sweep through them prints what the same sweep prints locally.</summary>
[Collection(nameof(ClusterProcessCollection))]
public sealed class InProcessClusterTests : IDisposable
{
    private readonly List<ActorSystem> _members = [];

    public void Dispose()
    {
        foreach (var member in _members) CoordinatedShutdown.Get(member).Run(CoordinatedShutdown.ClrExitReason.Instance).Wait(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task A_sweep_on_two_workers_equals_the_local_sweep()
    {
        var seedPort = FreePorts.Next();
        var seed = $"127.0.0.1:{seedPort}";
        _members.Add(ClusterMember.Start(new MemberSettings("127.0.0.1", seedPort, [], [MemberSettings.CoordinatorRole])));
        _members.Add(ClusterMember.Start(new MemberSettings("127.0.0.1", 0, [seed], [MemberSettings.WorkerRole])));
        _members.Add(ClusterMember.Start(new MemberSettings("127.0.0.1", 0, [seed], [MemberSettings.WorkerRole])));
        var up = _members.Select(m =>
        {
            var joined = new TaskCompletionSource();
            Akka.Cluster.Cluster.Get(m).RegisterOnMemberUp(joined.SetResult);
            return joined.Task;
        }).ToArray();
        await Task.WhenAll(up).WaitAsync(TimeSpan.FromSeconds(30));

        var file = SweepFile.Load(SweepFiles.Small);
        var points = 0;
        var distributed = ClusterSweep.Run(file.Name, file.Scenarios, MemberSettings.Client(seed, "127.0.0.1"), TimeSpan.FromSeconds(60), (_, _) => points++);
        var local = SweepRunner.Run(file.Scenarios, parallel: 2);
        Assert.Equal(file.Scenarios.Count, points);
        Assert.Equal(local.Select(o => o.Result.TraceHash), distributed.Select(o => o.Result.TraceHash));
        Assert.Equal(SweepFiles.WithoutWallTime(SweepCsv.Format(local)), SweepFiles.WithoutWallTime(SweepCsv.Format(distributed)));
        Assert.Equal(SweepTable.Format(local), SweepTable.Format(distributed));
    }
}
