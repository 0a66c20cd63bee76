using Akka.Actor;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Stands between one client and <paramref name="target"/> (the task and its TLB shootdown or migrator): forwards
/// requests as itself and answers back to the client, logging both directions at the same virtual time.</summary>
public sealed class Relay(IActorRef target, string name, ProtocolLog log) : ActorBase
{
    private IActorRef? _client;

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        if (Sender.Equals(target))
        {
            log.Add(name + "<", message, Sender);
            (_client ?? throw new InvalidOperationException($"{name} answered before anyone asked")).Tell(message, Self);
            return true;
        }
        _client = Sender;
        log.Add(name + ">", message, Sender);
        target.Tell(message, Self);
        return true;
    }
}
