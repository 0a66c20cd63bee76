using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Runtime.Tests.Support;

/// <summary>What a <see cref="Recorder"/> saw: a message and the virtual time it was handled at.</summary>
public sealed record Arrived(object Message, SimTime At);

/// <summary>A simulation actor that reports every message it handles, with the virtual time, to a probe: the probe's queue
/// is then the order of delivery inside the world.</summary>
public sealed class Recorder : UntypedActor
{
    private readonly IActorRef _probe;

    public Recorder(IActorRef probe) => _probe = probe;

    public static Props Props(IActorRef probe) => Akka.Actor.Props.Create(() => new Recorder(probe));

    protected override void OnReceive(object message) => _probe.Tell(new Arrived(message, Context.Now()));
}

/// <summary>Asks a <see cref="Sender"/> to send <paramref name="Payloads"/> to <paramref name="Target"/>, in that order, each
/// after <paramref name="Delay"/> of virtual time (a plain Tell when zero).</summary>
public sealed record SendTo(IActorRef Target, SimTime Delay, params string[] Payloads);

/// <summary>A simulation actor that sends what it is asked to: the sends are its own (its id, its send counter).</summary>
public sealed class Sender : UntypedActor
{
    protected override void OnReceive(object message)
    {
        if (message is not SendTo send)
        {
            Unhandled(message);
            return;
        }
        foreach (var payload in send.Payloads)
        {
            if (send.Delay == SimTime.Zero) send.Target.Tell(payload);
            else Context.ScheduleTellOnce(send.Delay, send.Target, payload);
        }
    }
}
