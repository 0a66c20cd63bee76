using ActorMigration.Runtime.Persistence;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>A journal and snapshot store that keep nothing: persistent actors run as if persistence were switched off.</summary>
public sealed class DiscardingStore : IJournal, ISnapshotStore
{
    public void WriteMessages(IReadOnlyList<PersistentRepr> events)
    {
    }

    public ReadOutcome ReplayMessages(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepr> recoveryCallback) => new(0, null);

    public ReadOutcome ReplayAll(long fromOrdering, Action<EventEnvelope> onEvent) => new(0, null);

    public long ReadHighestSequenceNr(string persistenceId, long fromSequenceNr) => 0;

    public IReadOnlyList<string> CurrentPersistenceIds() => [];

    public void DeleteMessagesTo(string persistenceId, long toSequenceNr)
    {
    }

    public void SaveSnapshot(SnapshotMetadata metadata, string manifest, byte[] snapshot)
    {
    }

    public SelectedSnapshot? LoadSnapshot(string persistenceId, SnapshotSelectionCriteria criteria) => null;

    public void DeleteSnapshot(SnapshotMetadata metadata)
    {
    }

    public void DeleteSnapshots(string persistenceId, SnapshotSelectionCriteria criteria)
    {
    }
}
