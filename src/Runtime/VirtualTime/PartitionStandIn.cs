using Akka.Actor;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>In a partition's world, the stand-in of a top-level simulation actor that lives in another partition: a send to it
/// scheduled at least the lookahead ahead goes into the world's outbox (<see cref="SimulationWorld.TakeCrossings"/>) under the
/// key it would have had in one world; anything sooner is refused, since the receiver's partition may already be past it.</summary>
internal sealed class PartitionStandIn : MinimalActorRef
{
    private readonly SimulationWorld _world;

    public PartitionStandIn(SimulationWorld world, string name, ActorPath path, IActorRefProvider provider)
    {
        _world = world;
        Name = name;
        Path = path;
        Provider = provider;
    }

    /// <summary>The actor's name under the simulation root.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override ActorPath Path { get; }

    /// <inheritdoc />
    public override IActorRefProvider Provider { get; }

    /// <summary>A plain tell has no latency: refused.</summary>
    protected override void TellInternal(object message, IActorRef sender) => _world.Cross(this, 0, message, sender);
}
