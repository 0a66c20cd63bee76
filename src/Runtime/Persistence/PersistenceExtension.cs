using System.Runtime.CompilerServices;

namespace ActorMigration.Runtime.Persistence;

/// <summary>The journal, snapshot store and codec that the persistent actors of one <see cref="ActorSystem"/> use
/// (Akka's <c>Persistence</c> extension); registered with <see cref="ActorSystemPersistence.UsePersistence(ActorSystem, PersistenceStore, ProtobufCodec)"/>.</summary>
/// <remarks>Every call on the stores is synchronous, on the thread that drives the system, and takes no virtual time.
/// The extension does not own the stores: whoever opened them disposes them, after the system.</remarks>
public sealed class PersistenceExtension
{
    private static readonly ConditionalWeakTable<ActorSystem, PersistenceExtension> Registered = [];

    private PersistenceExtension(IJournal journal, ISnapshotStore snapshotStore, ProtobufCodec codec)
    {
        Journal = journal;
        SnapshotStore = snapshotStore;
        Codec = codec;
    }

    /// <summary>Where events are written and replayed from.</summary>
    public IJournal Journal { get; }

    /// <summary>Where snapshots are saved and loaded from.</summary>
    public ISnapshotStore SnapshotStore { get; }

    /// <summary>Turns events and snapshots (Protocol Buffers messages) into payloads and back; the manifest names the type.</summary>
    public ProtobufCodec Codec { get; }

    /// <summary>The persistence registered for <paramref name="system"/>.</summary>
    /// <exception cref="InvalidOperationException">None was registered.</exception>
    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return Registered.TryGetValue(system, out var extension)
            ? extension
            : throw new InvalidOperationException(
                $"actor system '{system.Name}' has no persistence: call system.UsePersistence(store, codec) before creating persistent actors");
    }

    /// <summary>Registers the stores and codec of <paramref name="system"/>, once.</summary>
    internal static PersistenceExtension Register(ActorSystem system, IJournal journal, ISnapshotStore snapshotStore, ProtobufCodec codec)
    {
        ArgumentNullException.ThrowIfNull(system);
        ArgumentNullException.ThrowIfNull(journal);
        ArgumentNullException.ThrowIfNull(snapshotStore);
        ArgumentNullException.ThrowIfNull(codec);
        var extension = new PersistenceExtension(journal, snapshotStore, codec);
        return Registered.TryAdd(system, extension)
            ? extension
            : throw new InvalidOperationException($"actor system '{system.Name}' already has persistence; it is registered once, before any persistent actor starts");
    }
}
