using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit;

/// <summary>The actor behind a <see cref="TestProbe"/>: hands every message it receives to the probe.</summary>
internal sealed class ProbeActor(Action<object, IActorRef?> onReceive) : ActorBase
{
    protected internal override bool Receive(object message)
    {
        onReceive(message, Context.Sender == Context.System.DeadLetters ? null : Context.Sender);
        return true;
    }
}
