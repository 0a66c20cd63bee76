namespace ActorMigration.Runtime.Persistence;

/// <summary>Stored data is damaged (a checksum mismatch, a write batch missing rows, a malformed file) and was not replayed.</summary>
public sealed class CorruptedDataException : PersistenceException
{
    /// <summary>Creates the exception; the position is whatever is known of the damaged row (nothing for a damaged file).</summary>
    public CorruptedDataException(string message, string? table = null, long? ordering = null, string? persistenceId = null, long? sequenceNr = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Table = table;
        Ordering = ordering;
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    /// <summary>The table holding the damaged row (<c>journal</c> or <c>snapshot</c>), or null for a damaged file.</summary>
    public string? Table { get; }

    /// <summary>The damaged journal row's ordering, if known.</summary>
    public long? Ordering { get; }

    /// <summary>The damaged row's persistence id, if known.</summary>
    public string? PersistenceId { get; }

    /// <summary>The damaged row's sequence number, if known.</summary>
    public long? SequenceNr { get; }
}
