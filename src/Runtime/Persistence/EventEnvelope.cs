namespace ActorMigration.Runtime.Persistence;

/// <summary>An event read from the whole journal (Akka's <c>EventEnvelope</c>), with its position in it.</summary>
/// <param name="Ordering">The event's position in the whole journal (the <c>ordering</c> column).</param>
/// <param name="Event">The event itself.</param>
public sealed record EventEnvelope(long Ordering, PersistentRepr Event);
