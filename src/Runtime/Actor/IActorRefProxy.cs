namespace ActorMigration.Runtime.Actor;

/// <summary>Something that stands for an actor of this process without being its reference (a TestKit probe): the
/// runtime acts on <see cref="Target"/>, and the two compare equal, so the stand-in works wherever an actor reference does.</summary>
internal interface IActorRefProxy
{
    /// <summary>The actor this stands for.</summary>
    IActorRef Target { get; }
}
