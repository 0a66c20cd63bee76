using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.TestKit;

/// <summary>A message as a probe received it: what, from whom, at which virtual time.</summary>
public sealed record ReceivedMessage(object Message, IActorRef? Sender, SimTime At)
{
    /// <inheritdoc />
    public override string ToString() => $"[{At}] {Message} from {Sender?.Path.ToStringWithoutAddress() ?? "no sender"}";
}
