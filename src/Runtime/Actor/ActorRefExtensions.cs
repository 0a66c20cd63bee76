namespace ActorMigration.Runtime.Actor;

/// <summary>Sending without naming a sender, as Akka's implicit-sender <c>Tell</c>.</summary>
public static class ActorRefExtensions
{
    /// <summary>Sends <paramref name="message"/>; inside an actor the sender is that actor, elsewhere the
    /// receiving system's <see cref="ActorSystem.ExternalSender"/> (none unless set).</summary>
    public static void Tell(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorSystem.CurrentSelf ?? ExternalSenderOf(receiver));

    /// <summary>Sends <paramref name="message"/> keeping the current message's original sender (Akka's <c>Forward</c>).</summary>
    public static void Forward(this IActorRef receiver, object message) =>
        receiver.Tell(message, ActorSystem.CurrentSender);

    private static IActorRef? ExternalSenderOf(IActorRef receiver) => (receiver is IActorRefProxy proxy ? proxy.Target : receiver) switch
    {
        LocalActorRef local => local.Cell.System.ExternalSender,
        _ => null,
    };
}
