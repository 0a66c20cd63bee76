namespace ActorMigration.Runtime.Persistence;

/// <summary>What a replay delivered, and the incomplete last write batch it stopped before, if the journal ends with one.</summary>
/// <param name="Delivered">How many events were handed to the callback.</param>
/// <param name="IncompleteTail">The incomplete last write batch that was not replayed, or null when every batch read was complete.</param>
public sealed record ReadOutcome(long Delivered, IncompleteWriteBatch? IncompleteTail);
