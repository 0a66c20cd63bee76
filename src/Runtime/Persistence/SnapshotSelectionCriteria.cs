namespace ActorMigration.Runtime.Persistence;

/// <summary>Which snapshots a load or delete matches (Akka's <c>SnapshotSelectionCriteria</c>); bounds are inclusive.</summary>
/// <param name="MaxSequenceNr">Highest sequence number matched.</param>
/// <param name="MaxTimestampPs">Latest virtual time matched, in picoseconds.</param>
/// <param name="MinSequenceNr">Lowest sequence number matched.</param>
/// <param name="MinTimestampPs">Earliest virtual time matched, in picoseconds.</param>
public sealed record SnapshotSelectionCriteria(long MaxSequenceNr, long MaxTimestampPs, long MinSequenceNr = 0, long MinTimestampPs = 0)
{
    /// <summary>Matches every snapshot, so a load returns the latest one.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, long.MaxValue);
}
