namespace ActorMigration.Runtime.Actor;

/// <summary>Stops the receiving actor when it is processed, after every message sent before it.</summary>
public sealed class PoisonPill
{
    /// <summary>The one instance.</summary>
    public static readonly PoisonPill Instance = new();
    private PoisonPill() { }
}

/// <summary>Makes the receiving actor fail with <see cref="ActorKilledException"/>, so its supervisor decides its fate.</summary>
public sealed class Kill
{
    /// <summary>The one instance.</summary>
    public static readonly Kill Instance = new();
    private Kill() { }
}

/// <summary>Told to a watcher when an actor it watches has stopped.</summary>
public sealed record Terminated(IActorRef ActorRef);

/// <summary>A failure reply, used by <c>Ask</c> and <c>PipeTo</c> to carry an exception as a message.</summary>
public sealed record Failure(Exception Cause);
