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

    /// <summary>The same actor: this reference, or a stand-in for it (<see cref="IActorRefProxy"/>).</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj) || (obj is IActorRefProxy proxy && ReferenceEquals(this, proxy.Target));

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);

    public override string ToString() => $"Actor[{Path}]";
}
