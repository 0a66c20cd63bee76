namespace ActorMigration.Runtime.Actor;

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public sealed class ActorKilledException(string message) : Exception(message);

/// <summary>An actor's constructor or <c>PreStart</c> failed; the actor is stopped.</summary>
public sealed class ActorInitializationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>An actor did not handle the <see cref="Terminated"/> of an actor it watched.</summary>
public sealed class DeathPactException(IActorRef dead) : Exception($"Watched actor {dead.Path} terminated and the watcher did not handle Terminated")
{
    /// <summary>The actor whose termination was not handled.</summary>
    public IActorRef DeadActor { get; } = dead;
}

/// <summary>A child name is empty, malformed, or already taken.</summary>
public sealed class InvalidActorNameException(string message) : Exception(message);
