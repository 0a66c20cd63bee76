using Akka.Actor;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Stands in front of <paramref name="target"/> on a link with many clients (the fabric): logs each message and
/// forwards it with its original sender, so the answer goes straight back to the client, at the same virtual time.</summary>
public sealed class Tap(IActorRef target, string link, ProtocolLog log) : ActorBase
{
    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        log.Add(link, message, Sender);
        target.Tell(message, Sender);
        return true;
    }
}
