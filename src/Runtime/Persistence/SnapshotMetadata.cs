namespace ActorMigration.Runtime.Persistence;

/// <summary>Identifies a snapshot (Akka's <c>SnapshotMetadata</c>): whose state, after which event, at which virtual time.</summary>
/// <param name="PersistenceId">The persistent actor whose state the snapshot holds.</param>
/// <param name="SequenceNr">The sequence number of the last event the snapshot includes.</param>
/// <param name="TimestampPs">Virtual time of the snapshot in picoseconds, stored in the <c>created</c> column.</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, long TimestampPs);
