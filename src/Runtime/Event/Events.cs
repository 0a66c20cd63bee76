using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Supervision;

namespace ActorMigration.Runtime.Event;

/// <summary>A message that could not be delivered: its recipient had stopped, or it was sent to dead letters.</summary>
public sealed record DeadLetter(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>A message the recipient's behaviour did not handle.</summary>
public sealed record UnhandledMessage(object Message, IActorRef? Sender, IActorRef Recipient);

/// <summary>An actor failed and its supervisor applied <paramref name="Directive"/>.</summary>
public sealed record ActorFailed(IActorRef Actor, Exception Cause, Directive Directive);
