using Akka.Actor;

namespace ActorMigration.Node.Cluster.Partition;

/// <summary>A member's host of partitions of partitioned runs: starts a <see cref="PartitionRunner"/> for each partition it is asked for.</summary>
public sealed class PartitionHost : ReceiveActor
{
    /// <summary>The host's name under <c>/user</c>, the same on every member.</summary>
    public const string Name = "partition-host";

    /// <summary>The dispatcher of runners: a window's work blocks its thread, which must not be one the cluster's own actors need.</summary>
    private const string RunnerDispatcher = "akka.actor.default-blocking-io-dispatcher";

    /// <summary>See <see cref="Props"/>.</summary>
    public PartitionHost() => Receive<StartPartition>(start =>
        Context.ActorOf(PartitionRunner.Props(start, Sender).WithDispatcher(RunnerDispatcher), $"run-{start.RunId:N}-{start.Partition}"));

    /// <summary>Props of a partition host.</summary>
    public static Props Props() => Akka.Actor.Props.Create<PartitionHost>();

    /// <summary>A runner that fails answers its coordinator itself; the host never restarts it with a fresh world.</summary>
    protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ => Directive.Stop);
}
