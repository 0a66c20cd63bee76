using ActorMigration.Runtime.Actor;

namespace ActorMigration.Runtime.Dispatch;

/// <summary>A message on its way to an actor, as it waits in the event queue (a struct: no allocation per send).</summary>
internal readonly record struct Envelope(ActorCell Target, object Message, IActorRef? Sender, EnvelopeKind Kind);

/// <summary>A message waiting in one actor's mailbox while that actor is busy; keeps its original key for the trace.</summary>
internal readonly record struct MailboxItem(object Message, IActorRef? Sender, EnvelopeKind Kind, DeliveryKey Key);
