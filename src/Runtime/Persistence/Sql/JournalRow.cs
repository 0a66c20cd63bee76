namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>A journal row as read, before it is checked: the event plus the columns that locate and protect it.</summary>
internal sealed record JournalRow(long Ordering, PersistentRepr Event, string? Tags, string WriterUuid, long WriteBatch, int BatchRows, long StoredChecksum)
{
    /// <summary>The columns, in the order <see cref="Read"/> expects them.</summary>
    public const string Columns = "ordering, persistence_id, sequence_number, created, tags, message, manifest, writer_uuid, write_batch, batch_rows, checksum";

    /// <summary>Reads the current row of <paramref name="reader"/>, selected with <see cref="Columns"/>.</summary>
    public static JournalRow Read(System.Data.Common.DbDataReader reader)
    {
        var tags = reader.IsDBNull(4) ? null : reader.GetString(4);
        var e = new PersistentRepr(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetString(6), reader.GetFieldValue<byte[]>(5))
        {
            Tags = JournalTags.Decode(tags),
        };
        return new JournalRow(reader.GetInt64(0), e, tags, reader.GetString(7), reader.GetInt64(8), reader.GetInt32(9), reader.GetInt64(10));
    }

    /// <summary>The checksum the row's fields should have.</summary>
    public uint ComputedChecksum => RowChecksum.Journal(Event, Tags, WriterUuid, WriteBatch, BatchRows);

    /// <summary>Where the row is, for messages.</summary>
    public string Position => $"journal row at ordering {Ordering} (persistence id '{Event.PersistenceId}', sequence number {Event.SequenceNr})";
}
