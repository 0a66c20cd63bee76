namespace ActorMigration.Runtime.Actor;

/// <summary>A handle to an actor: the only way to reach it, by sending messages.</summary>
public interface IActorRef
{
    /// <summary>The actor's hierarchical name.</summary>
    ActorPath Path { get; }

    /// <summary>Sends <paramref name="message"/> for delivery at the current virtual time, with
    /// <paramref name="sender"/> as the reply address (null for none).</summary>
    void Tell(object message, IActorRef? sender);
}
