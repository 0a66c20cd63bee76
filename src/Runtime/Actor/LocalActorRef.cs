namespace ActorMigration.Runtime.Actor;

/// <summary>A reference to an actor in this process.</summary>
internal sealed class LocalActorRef(ActorCell cell) : IActorRef
{
    internal ActorCell Cell { get; } = cell;

    public ActorPath Path => Cell.Path;

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        Cell.System.Post(Cell, message, sender, 0, Dispatch.EnvelopeKind.User);
    }

    public override string ToString() => $"Actor[{Path}]";
}
