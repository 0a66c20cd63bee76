namespace ActorMigration.Runtime.Persistence;

/// <summary>Gives an <see cref="ActorSystem"/> its persistence: where its persistent actors journal events and save snapshots.</summary>
public static class ActorSystemPersistence
{
    /// <summary>Makes the persistent actors of <paramref name="system"/> use <paramref name="store"/> (SQLite or PostgreSQL), encoding
    /// events and snapshots with <paramref name="codec"/>; call once, before the first persistent actor starts.</summary>
    /// <remarks>The caller keeps owning <paramref name="store"/> and disposes it after the system.</remarks>
    public static PersistenceExtension UsePersistence(this ActorSystem system, PersistenceStore store, ProtobufCodec codec)
    {
        ArgumentNullException.ThrowIfNull(store);
        return PersistenceExtension.Register(system, store.Journal, store.SnapshotStore, codec);
    }

    /// <summary>Makes the persistent actors of <paramref name="system"/> use the given journal and snapshot store (for example
    /// ones that discard everything, for a run without a journal); call once, before the first persistent actor starts.</summary>
    public static PersistenceExtension UsePersistence(this ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, ProtobufCodec codec) =>
        PersistenceExtension.Register(system, journal, snapshotStore, codec);
}
