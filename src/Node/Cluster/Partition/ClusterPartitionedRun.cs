using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using Akka.Actor;
using Akka.Cluster;

namespace ActorMigration.Node.Cluster.Partition;

/// <summary>A tiered run partitioned by host over members of the cluster: this process joins as a client member, picks one worker
/// member per partition, drives the windows (<see cref="PartitionCoordinator"/>) and leaves.</summary>
public static class ClusterPartitionedRun
{
    /// <summary>Runs <paramref name="scenario"/> in <paramref name="partitions"/> partitions on the cluster that <paramref name="client"/>
    /// (this process's member) joins through its seed. A cluster that cannot be joined, too few workers, a lost or failing member or a
    /// missed <paramref name="deadline"/> throw <see cref="ClusterUnavailableException"/>.</summary>
    public static TieringResult Run(TieringScenario scenario, int partitions, MemberSettings client, TimeSpan deadline,
        PartitionCounters? counters = null, Action<SimTime>? progress = null)
    {
        var seed = client.Seeds[0];
        var system = ClusterMember.Start(client);
        try
        {
            var joinTimeout = deadline < ClusterSweep.JoinTimeout ? deadline : ClusterSweep.JoinTimeout;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var members = Workers(system, partitions, joinTimeout, seed);
            if (counters is not null) counters.JoinMs += clock.Elapsed.TotalMilliseconds;
            var result = new TaskCompletionSource<TieringResult>(TaskCreationOptions.RunContinuationsAsynchronously);
            var coordinator = system.ActorOf(PartitionCoordinator.Props(scenario, members.Select(PartitionCoordinator.HostOn).ToArray(), result, counters, progress), "partition-coordinator");
            var stopped = coordinator.WatchAsync();
            Task.WhenAny(result.Task, stopped, system.WhenTerminated).Wait(deadline);
            if (result.Task.IsCompleted) return result.Task.GetAwaiter().GetResult();
            system.Stop(coordinator);
            if (system.WhenTerminated.IsCompleted)
                throw new ClusterUnavailableException($"this client was removed from the cluster ({CoordinatedShutdown.Get(system).ShutdownReason}) before the run ended");
            throw new ClusterUnavailableException($"the partitioned run did not finish within its deadline of {deadline.TotalSeconds:0} s");
        }
        finally
        {
            CoordinatedShutdown.Get(system).Run(CoordinatedShutdown.ClusterLeavingReason.Instance).Wait(TimeSpan.FromSeconds(15));
        }
    }

    /// <summary>Once this member is up, the first <paramref name="partitions"/> worker members that are up, by address.</summary>
    private static IReadOnlyList<Address> Workers(ActorSystem system, int partitions, TimeSpan timeout, string seed)
    {
        ClusterMember.AwaitUp(system, seed, timeout);
        var cluster = Akka.Cluster.Cluster.Get(system);
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var workers = cluster.State.Members.Where(m => m.Status == MemberStatus.Up && m.HasRole(MemberSettings.WorkerRole))
                .Select(m => m.Address).OrderBy(a => a.ToString(), StringComparer.Ordinal).ToArray();
            if (workers.Length >= partitions) return workers[..partitions];
            if (DateTime.UtcNow > until)
                throw new ClusterUnavailableException($"--partitions {partitions}: the cluster at {seed} has {workers.Length} worker members up, one is needed per partition");
            Thread.Sleep(200);
        }
    }
}
