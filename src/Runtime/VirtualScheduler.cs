using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Dispatch;

namespace ActorMigration.Runtime;

/// <summary>Sends messages later in virtual time (Akka's <c>IScheduler</c>); for repeating and cancellable
/// sends to oneself, prefer an actor's <c>Timers</c>.</summary>
public sealed class VirtualScheduler
{
    private readonly ActorSystem _system;

    internal VirtualScheduler(ActorSystem system) => _system = system;

    /// <summary>Tells <paramref name="message"/> to <paramref name="receiver"/> after <paramref name="delay"/>.</summary>
    public void ScheduleTellOnce(SimTime delay, IActorRef receiver, object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (delay < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(delay), delay, "A message cannot be delivered in the past");
        var target = ActorCell.CellOf(receiver);
        if (target.System != _system) throw new ArgumentException($"{receiver.Path} belongs to another actor system", nameof(receiver));
        _system.Post(target, message, sender, delay.Picoseconds, EnvelopeKind.User);
    }
}
