using Akka.Actor;
using Akka.Configuration;
using Akka.Dispatch;
using Akka.Dispatch.MessageQueues;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>Makes a <see cref="SimulationMailbox"/> for each simulation actor, in creation order (named in the simulation
/// dispatcher's <c>mailbox-type</c>).</summary>
public sealed class SimulationMailboxType : MailboxType, IProducesMessageQueue<SimulationMailbox>
{
    /// <summary>Akka's constructor for mailbox types.</summary>
    public SimulationMailboxType(Settings settings, Config config) : base(settings, config)
    {
    }

    /// <inheritdoc />
    public override IMessageQueue Create(IActorRef owner, ActorSystem system) => SimulationWorld.Of(system).NewMailbox(owner);
}
