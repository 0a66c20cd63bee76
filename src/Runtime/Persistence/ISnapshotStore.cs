namespace ActorMigration.Runtime.Persistence;

/// <summary>The snapshot store (Akka's <c>SnapshotStore</c>, made synchronous for a single-threaded simulation).</summary>
/// <remarks>An instance is used from one thread at a time. Failures throw <see cref="PersistenceException"/> subtypes.</remarks>
public interface ISnapshotStore
{
    /// <summary>Saves a snapshot, replacing one saved before with the same persistence id and sequence number.</summary>
    void SaveSnapshot(SnapshotMetadata metadata, string manifest, byte[] snapshot);

    /// <summary>The snapshot of <paramref name="persistenceId"/> with the highest sequence number that matches <paramref name="criteria"/>, or null.</summary>
    /// <exception cref="CorruptedDataException">That snapshot fails its checksum.</exception>
    SelectedSnapshot? LoadSnapshot(string persistenceId, SnapshotSelectionCriteria criteria);

    /// <summary>Deletes the snapshot with the persistence id and sequence number of <paramref name="metadata"/>.</summary>
    void DeleteSnapshot(SnapshotMetadata metadata);

    /// <summary>Deletes every snapshot of <paramref name="persistenceId"/> that matches <paramref name="criteria"/>.</summary>
    void DeleteSnapshots(string persistenceId, SnapshotSelectionCriteria criteria);
}
