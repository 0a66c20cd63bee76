namespace ActorMigration.Runtime.Persistence;

/// <summary>The event journal (Akka's <c>AsyncWriteJournal</c>, made synchronous for a single-threaded simulation).</summary>
/// <remarks>An instance is used from one thread at a time. Failures throw <see cref="PersistenceException"/> subtypes.</remarks>
public interface IJournal
{
    /// <summary>Writes <paramref name="events"/> atomically, all or none, as one write batch in one transaction; the list is not kept.</summary>
    void WriteMessages(IReadOnlyList<PersistentRepr> events);

    /// <summary>Replays the events of <paramref name="persistenceId"/> in sequence order within [from, to], at most <paramref name="max"/>, skipping deleted ones.</summary>
    /// <exception cref="CorruptedDataException">A row read fails its checksum, or a write batch other than the last one lacks rows.</exception>
    ReadOutcome ReplayMessages(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepr> recoveryCallback);

    /// <summary>Replays every persistence id's events in journal order from ordering <paramref name="fromOrdering"/> on, skipping deleted ones.</summary>
    /// <exception cref="CorruptedDataException">A row read fails its checksum, or a write batch other than the last one lacks rows.</exception>
    ReadOutcome ReplayAll(long fromOrdering, Action<EventEnvelope> onEvent);

    /// <summary>The highest sequence number stored for <paramref name="persistenceId"/> at or above <paramref name="fromSequenceNr"/>, deleted events included; 0 if none.</summary>
    long ReadHighestSequenceNr(string persistenceId, long fromSequenceNr);

    /// <summary>Every persistence id with events in the journal, in ordinal order.</summary>
    IReadOnlyList<string> CurrentPersistenceIds();

    /// <summary>Marks the events of <paramref name="persistenceId"/> up to <paramref name="toSequenceNr"/> deleted; they are kept but no longer replayed.</summary>
    void DeleteMessagesTo(string persistenceId, long toSequenceNr);
}
