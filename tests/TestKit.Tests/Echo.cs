using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit.Tests;

/// <summary>A request the <see cref="Echo"/> answers, after <paramref name="Delay"/> of virtual time.</summary>
public sealed record Say(object What, SimTime Delay = default);

/// <summary>Answers each <see cref="Say"/> to its sender with the said message, after the asked delay.</summary>
public sealed class Echo : ReceiveActor
{
    public Echo() => Receive<Say>(s =>
    {
        if (s.Delay == SimTime.Zero) Sender.Tell(s.What);
        else Context.System.Scheduler.ScheduleTellOnce(s.Delay, Sender, s.What, Self);
    });
}
