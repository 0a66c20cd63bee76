namespace ActorMigration.Node.Journal;

/// <summary>What <see cref="JournalSerializer"/> gives for a payload it cannot trust: damaged (checksum, truncation) or of an
/// event type this build does not know. Reading stops there; it is reported, never replayed.</summary>
/// <param name="Problem">Why it cannot be read, for people.</param>
public sealed record UnreadableEvent(string Problem);
