namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>The journal in the <c>journal</c> table: each write batch is one transaction, each row carries a checksum and its batch's row count.</summary>
internal sealed class SqlJournal(SqlSession session) : IJournal
{
    /// <summary>Rows read per query while replaying, so memory stays bounded and no reader is open while callbacks run.</summary>
    private const int ReplayPageRows = 1000;

    /// <summary>Identifies this writer in the <c>writer_uuid</c> column.</summary>
    private readonly string writerUuid = Guid.NewGuid().ToString("D");

    public void WriteMessages(IReadOnlyList<PersistentRepr> events)
    {
        if (events.Count == 0)
        {
            return;
        }

        foreach (var e in events)
        {
            ArgumentException.ThrowIfNullOrEmpty(e.PersistenceId, nameof(events));
            ArgumentOutOfRangeException.ThrowIfLessThan(e.SequenceNr, 1, nameof(events));
        }

        session.Guard($"writing a batch of {events.Count} events", () =>
        {
            using var transaction = session.Connection.BeginTransaction();
            var writeBatch = Long(session.Scalar(session.Dialect.NextWriteBatchSql, transaction));
            session.Dialect.InsertJournalRows(session.Connection, writeBatch, writerUuid, events);
            transaction.Commit();
        });
    }

    public ReadOutcome ReplayMessages(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepr> recoveryCallback) =>
        Replay(
            $"replaying '{persistenceId}'",
            "persistence_id = @pid AND sequence_number >= @cursor AND sequence_number <= @to AND deleted = FALSE ORDER BY sequence_number",
            fromSequenceNr,
            max,
            row => row.Event.SequenceNr,
            row => recoveryCallback(row.Event),
            ("@pid", persistenceId),
            ("@to", toSequenceNr));

    public ReadOutcome ReplayAll(long fromOrdering, Action<EventEnvelope> onEvent) =>
        Replay(
            "replaying the journal",
            "ordering >= @cursor AND deleted = FALSE ORDER BY ordering",
            fromOrdering,
            long.MaxValue,
            row => row.Ordering,
            row => onEvent(new EventEnvelope(row.Ordering, row.Event)));

    public long ReadHighestSequenceNr(string persistenceId, long fromSequenceNr) =>
        session.Guard($"reading the highest sequence number of '{persistenceId}'", () =>
            Long(session.Scalar(
                "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = @pid AND sequence_number >= @from",
                null,
                ("@pid", persistenceId),
                ("@from", fromSequenceNr))));

    public IReadOnlyList<string> CurrentPersistenceIds() =>
        session.Guard("listing persistence ids", () =>
        {
            using var command = session.Command("SELECT DISTINCT persistence_id FROM journal", null);
            using var reader = command.ExecuteReader();
            var ids = new List<string>();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            ids.Sort(StringComparer.Ordinal);
            return ids;
        });

    public void DeleteMessagesTo(string persistenceId, long toSequenceNr) =>
        session.Guard($"deleting events of '{persistenceId}' up to {toSequenceNr}", () =>
            session.Execute(
                "UPDATE journal SET deleted = TRUE WHERE persistence_id = @pid AND sequence_number <= @to AND deleted = FALSE",
                null,
                ("@pid", persistenceId),
                ("@to", toSequenceNr)));

    /// <summary>Reads pages of rows matching <paramref name="filter"/> from <paramref name="cursor"/> on, checks each page, then delivers it.</summary>
    private ReadOutcome Replay(string operation, string filter, long cursor, long max, Func<JournalRow, long> cursorOf, Action<JournalRow> deliver, params (string Name, object? Value)[] parameters)
    {
        var completeBatches = new HashSet<long>();
        long delivered = 0;
        while (delivered < max)
        {
            var limit = (int)Math.Min(ReplayPageRows, max - delivered);
            var page = session.Guard(operation, () => ReadPage(filter, cursor, limit, parameters));
            var (deliverable, incompleteTail) = session.Guard(operation, () => Check(page, completeBatches));
            for (var i = 0; i < deliverable; i++)
            {
                deliver(page[i]);
            }

            delivered += deliverable;
            if (incompleteTail is not null || page.Count < limit)
            {
                return new ReadOutcome(delivered, incompleteTail);
            }

            cursor = cursorOf(page[^1]) + 1;
        }

        return new ReadOutcome(delivered, null);
    }

    private List<JournalRow> ReadPage(string filter, long cursor, int limit, (string Name, object? Value)[] parameters)
    {
        using var command = session.Command(
            $"SELECT {JournalRow.Columns} FROM journal WHERE {filter} LIMIT @limit",
            null,
            [.. parameters, ("@cursor", cursor), ("@limit", limit)]);
        using var reader = command.ExecuteReader();
        var page = new List<JournalRow>(limit);
        while (reader.Read())
        {
            page.Add(JournalRow.Read(reader));
        }

        return page;
    }

    /// <summary>
    /// Checks every row's checksum and that every write batch the page touches has all its rows (once per batch per replay,
    /// remembered in <paramref name="completeBatches"/>). Returns how many rows may be delivered: all, or those before the
    /// journal's last write batch if that one lacks rows.
    /// </summary>
    /// <exception cref="CorruptedDataException">A checksum mismatch, or a batch other than the last one lacks rows.</exception>
    private (int Deliverable, IncompleteWriteBatch? IncompleteTail) Check(List<JournalRow> page, HashSet<long> completeBatches)
    {
        foreach (var row in page)
        {
            var computed = row.ComputedChecksum;
            if (row.StoredChecksum != computed)
            {
                throw Corrupted(row, $"fails its checksum (stored 0x{row.StoredChecksum:x8}, computed 0x{computed:x8}): the row was damaged or altered");
            }
        }

        foreach (var first in page.DistinctBy(row => row.WriteBatch))
        {
            if (completeBatches.Contains(first.WriteBatch))
            {
                continue;
            }

            var found = Long(session.Scalar(session.Dialect.CountBatchRowsSql, null, ("@batch", first.WriteBatch), ("@rows", first.BatchRows)));
            if (found == first.BatchRows)
            {
                completeBatches.Add(first.WriteBatch);
                continue;
            }

            var lastWriteBatch = Long(session.Scalar("SELECT write_batch FROM journal ORDER BY ordering DESC LIMIT 1", null));
            if (found > first.BatchRows || first.WriteBatch != lastWriteBatch)
            {
                throw Corrupted(first, $"belongs to write batch {first.WriteBatch}, written with {first.BatchRows} rows, of which the journal holds {found}");
            }

            var firstOrdering = Long(session.Scalar("SELECT MIN(ordering) FROM journal WHERE write_batch = @batch", null, ("@batch", first.WriteBatch)));
            return (page.IndexOf(first), new IncompleteWriteBatch(first.WriteBatch, firstOrdering, (int)found, first.BatchRows));
        }

        return (page.Count, null);
    }

    private static long Long(object? value) => Convert.ToInt64(value ?? 0L, System.Globalization.CultureInfo.InvariantCulture);

    private CorruptedDataException Corrupted(JournalRow row, string problem) =>
        new($"{session.Dialect.Location}: {row.Position} {problem}", "journal", row.Ordering, row.Event.PersistenceId, row.Event.SequenceNr);
}
