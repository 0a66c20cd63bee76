using System.Text;
using ActorMigration.Runtime.Persistence;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The behaviour every persistence store must have; each database runs it through a concrete subclass.</summary>
public abstract class PersistenceStoreSpec : IDisposable
{
    private const string Manifest = "test.Event";

    protected PersistenceStoreSpec(StoreUnderTest target)
    {
        Target = target;
        Store = PersistenceStore.Open(target.ConnectionString);
    }

    protected StoreUnderTest Target { get; }

    protected PersistenceStore Store { get; set; }

    private IJournal Journal => Store.Journal;

    private ISnapshotStore Snapshots => Store.SnapshotStore;

    public void Dispose()
    {
        Store.Dispose();
        Target.Dispose();
        GC.SuppressFinalize(this);
    }

    [StoreFact]
    public void Replay_returns_written_events_in_sequence_order_with_all_fields()
    {
        var first = Event("p", 1) with { Tags = ["batch", "node-0"] };
        Journal.WriteMessages([first, Event("p", 2)]);
        Journal.WriteMessages([Event("p", 3)]);

        var (events, outcome) = Replay("p");

        Assert.Equal([1L, 2, 3], events.Select(e => e.SequenceNr));
        Assert.Equal(new ReadOutcome(3, null), outcome);
        AssertSame(first, events[0]);
        AssertSame(Event("p", 2), events[1]);
    }

    [StoreFact]
    public void Replay_honours_sequence_range_and_max()
    {
        Journal.WriteMessages([.. Enumerable.Range(1, 10).Select(n => Event("p", n))]);

        Assert.Equal([3L, 4, 5, 6, 7], Replay("p", 3, 7).Events.Select(e => e.SequenceNr));
        Assert.Equal([3L, 4], Replay("p", 3, 7, max: 2).Events.Select(e => e.SequenceNr));
        Assert.Empty(Replay("p", 3, 7, max: 0).Events);
        Assert.Empty(Replay("p", 11).Events);
        Assert.Empty(Replay("unknown").Events);
    }

    [StoreFact]
    public void Replay_of_more_events_than_one_page_keeps_order()
    {
        const int count = 2_500;
        using var writer = new BufferedJournalWriter(Journal, flushEveryEvents: 700);
        for (var n = 1; n <= count; n++)
        {
            writer.Write(Event("p", n));
            writer.Write(Event("q", n));
        }

        writer.Flush();

        Assert.Equal(Enumerable.Range(1, count).Select(n => (long)n), Replay("p").Events.Select(e => e.SequenceNr));
        Assert.Equal([1999L, 2000, 2001], Replay("q", 1999, 2001).Events.Select(e => e.SequenceNr));
        var all = new List<EventEnvelope>();
        Assert.Equal(new ReadOutcome(2 * count, null), Journal.ReplayAll(1, all.Add));
        Assert.Equal(all.Select(e => e.Ordering).Order(), all.Select(e => e.Ordering));
    }

    [StoreFact]
    public void ReplayAll_delivers_every_persistence_id_in_write_order_from_an_ordering()
    {
        Journal.WriteMessages([Event("b", 1), Event("a", 1)]);
        Journal.WriteMessages([Event("b", 2), Event("c", 1)]);

        var all = new List<EventEnvelope>();
        Journal.ReplayAll(1, all.Add);

        Assert.Equal(["b/1", "a/1", "b/2", "c/1"], all.Select(e => $"{e.Event.PersistenceId}/{e.Event.SequenceNr}"));
        var fromThird = new List<EventEnvelope>();
        Assert.Equal(new ReadOutcome(2, null), Journal.ReplayAll(all[2].Ordering, fromThird.Add));
        Assert.Equal(all[2..].Select(e => (e.Ordering, e.Event.PersistenceId)), fromThird.Select(e => (e.Ordering, e.Event.PersistenceId)));
    }

    [StoreFact]
    public void Highest_sequence_number_is_0_when_unknown_and_counts_deleted_events()
    {
        Assert.Equal(0, Journal.ReadHighestSequenceNr("p", 0));
        Journal.WriteMessages([Event("p", 1), Event("p", 2), Event("p", 3), Event("q", 9)]);
        Journal.DeleteMessagesTo("p", 3);

        Assert.Equal(3, Journal.ReadHighestSequenceNr("p", 0));
        Assert.Equal(3, Journal.ReadHighestSequenceNr("p", 2));
        Assert.Equal(0, Journal.ReadHighestSequenceNr("p", 4));
        Assert.Equal(9, Journal.ReadHighestSequenceNr("q", 0));
    }

    [StoreFact]
    public void DeleteMessagesTo_hides_events_from_replay_but_keeps_later_ones()
    {
        Journal.WriteMessages([.. Enumerable.Range(1, 5).Select(n => Event("p", n)), Event("q", 1)]);

        Journal.DeleteMessagesTo("p", 3);

        Assert.Equal([4L, 5], Replay("p").Events.Select(e => e.SequenceNr));
        Assert.Equal([1L], Replay("q").Events.Select(e => e.SequenceNr));
        var all = new List<EventEnvelope>();
        Journal.ReplayAll(1, all.Add);
        Assert.Equal(3, all.Count);
    }

    [StoreFact]
    public void CurrentPersistenceIds_lists_each_id_once_in_ordinal_order()
    {
        Journal.WriteMessages([Event("b", 1), Event("a", 1), Event("b", 2), Event("C", 1)]);

        Assert.Equal(["C", "a", "b"], Journal.CurrentPersistenceIds());
    }

    [StoreFact]
    public void A_write_batch_is_atomic_all_or_nothing()
    {
        Journal.WriteMessages([Event("p", 1)]);

        var error = Assert.ThrowsAny<PersistenceException>(() => Journal.WriteMessages([Event("q", 1), Event("p", 2), Event("p", 1)]));

        Assert.Contains("writing a batch of 3 events", error.Message);
        Assert.Equal([1L], Replay("p").Events.Select(e => e.SequenceNr));
        Assert.Empty(Replay("q").Events);
        Journal.WriteMessages([Event("q", 1), Event("p", 2)]);
        Assert.Equal(2, Journal.ReadHighestSequenceNr("p", 0));
    }

    [StoreFact]
    public void A_tag_with_the_separator_is_rejected_before_anything_is_written()
    {
        Assert.Throws<ArgumentException>(() => Journal.WriteMessages([Event("p", 1), Event("p", 2) with { Tags = ["a;b"] }]));

        Assert.Equal(0, Journal.ReadHighestSequenceNr("p", 0));
    }

    [StoreFact]
    public void Buffered_writer_writes_a_batch_every_n_events_and_on_flush()
    {
        using (var writer = new BufferedJournalWriter(Journal, flushEveryEvents: 3))
        {
            for (var n = 1; n <= 7; n++)
            {
                writer.Write(Event("p", n));
            }

            Assert.Equal(1, writer.Pending);
            Assert.Equal(6, Journal.ReadHighestSequenceNr("p", 0));
            Assert.Equal(2, Target.Query("SELECT COUNT(DISTINCT write_batch) FROM journal"));
            writer.Flush();
            Assert.Equal(0, writer.Pending);
            Assert.Equal(7, Journal.ReadHighestSequenceNr("p", 0));
            writer.Write(Event("p", 8));
        }

        Assert.Equal(8, Journal.ReadHighestSequenceNr("p", 0));
        Assert.Equal(4, Target.Query("SELECT COUNT(DISTINCT write_batch) FROM journal"));
    }

    [StoreFact]
    public void A_row_with_an_altered_field_is_reported_with_its_position_not_replayed()
    {
        Journal.WriteMessages([.. Enumerable.Range(1, 5).Select(n => Event("p", n))]);
        var ordering = Target.Query("SELECT ordering FROM journal WHERE persistence_id = 'p' AND sequence_number = 3");
        Target.Execute("UPDATE journal SET created = created + 1 WHERE persistence_id = 'p' AND sequence_number = 3");

        var error = Assert.Throws<CorruptedDataException>(() => Replay("p"));

        AssertPosition(error, ordering, "p", 3);
        Assert.Contains("checksum", error.Message);
        AssertPosition(Assert.Throws<CorruptedDataException>(() => Journal.ReplayAll(1, _ => { })), ordering, "p", 3);
        Assert.Equal([1L, 2], Replay("p", 1, 2).Events.Select(e => e.SequenceNr));
    }

    [StoreFact]
    public void A_truncated_payload_is_reported_with_its_position_not_replayed()
    {
        Journal.WriteMessages([.. Enumerable.Range(1, 5).Select(n => Event("p", n))]);
        var ordering = Target.Query("SELECT ordering FROM journal WHERE persistence_id = 'p' AND sequence_number = 4");
        Target.Execute("UPDATE journal SET message = substr(message, 1, 2) WHERE persistence_id = 'p' AND sequence_number = 4");

        AssertPosition(Assert.Throws<CorruptedDataException>(() => Replay("p")), ordering, "p", 4);
    }

    [StoreFact]
    public void An_incomplete_last_write_batch_is_reported_and_reads_stop_before_it()
    {
        Journal.WriteMessages([Event("p", 1), Event("p", 2), Event("p", 3)]);
        Journal.WriteMessages([Event("p", 4), Event("q", 1), Event("p", 5), Event("q", 2)]);
        var lastBatch = Target.Query("SELECT MAX(write_batch) FROM journal");
        var lastBatchStart = Target.Query($"SELECT MIN(ordering) FROM journal WHERE write_batch = {lastBatch}");
        Target.Execute("DELETE FROM journal WHERE persistence_id = 'q' AND sequence_number = 2");

        var (events, outcome) = Replay("p");
        var all = new List<EventEnvelope>();
        var allOutcome = Journal.ReplayAll(1, all.Add);

        var incomplete = new IncompleteWriteBatch(lastBatch, lastBatchStart, RowsFound: 3, RowsWritten: 4);
        Assert.Equal([1L, 2, 3], events.Select(e => e.SequenceNr));
        Assert.Equal(new ReadOutcome(3, incomplete), outcome);
        Assert.Equal(new ReadOutcome(3, incomplete), allOutcome);
        Assert.Equal(new ReadOutcome(0, incomplete), Journal.ReplayMessages("q", 1, long.MaxValue, long.MaxValue, _ => { }));
        Assert.Contains($"last write batch {lastBatch}", incomplete.ToString());
    }

    [StoreFact]
    public void An_earlier_write_batch_missing_rows_is_corruption()
    {
        Journal.WriteMessages([Event("p", 1), Event("p", 2), Event("p", 3)]);
        Journal.WriteMessages([Event("p", 4)]);
        var firstBatch = Target.Query("SELECT MIN(write_batch) FROM journal");
        var ordering = Target.Query("SELECT ordering FROM journal WHERE persistence_id = 'p' AND sequence_number = 1");
        Target.Execute("DELETE FROM journal WHERE persistence_id = 'p' AND sequence_number = 2");

        var error = Assert.Throws<CorruptedDataException>(() => Replay("p"));

        AssertPosition(error, ordering, "p", 1);
        Assert.Contains($"write batch {firstBatch}, written with 3 rows, of which the journal holds 2", error.Message);
    }

    [StoreFact]
    public void A_reopened_store_reads_what_an_earlier_connection_wrote_and_goes_on_writing()
    {
        Journal.WriteMessages([Event("p", 1), Event("p", 2)]);
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 2, 2_000), Manifest, Bytes("state-2"));

        Reopen();
        Journal.WriteMessages([Event("p", 3)]);
        Reopen();

        Assert.Equal(new ReadOutcome(3, null), Replay("p").Outcome);
        Assert.Equal(Bytes("state-2"), Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest)?.Snapshot);
    }

    [StoreFact]
    public void Two_stores_writing_different_persistence_ids_at_once_do_not_mix()
    {
        const int batches = 30;
        const int eventsPerBatch = 20;
        using var other = PersistenceStore.Open(Target.ConnectionString);
        void WriteAll(IJournal journal, string persistenceId)
        {
            for (var batch = 0; batch < batches; batch++)
            {
                journal.WriteMessages([.. Enumerable.Range(1 + (batch * eventsPerBatch), eventsPerBatch).Select(n => Event(persistenceId, n))]);
            }
        }

        Parallel.Invoke(() => WriteAll(Journal, "left"), () => WriteAll(other.Journal, "right"));

        var expected = Enumerable.Range(1, batches * eventsPerBatch).Select(n => (long)n).ToList();
        Assert.Equal(expected, Replay("left").Events.Select(e => e.SequenceNr));
        Assert.Equal(expected, Replay("right").Events.Select(e => e.SequenceNr));
        Assert.Equal(new ReadOutcome(2 * batches * eventsPerBatch, null), other.Journal.ReplayAll(1, _ => { }));
        Assert.Equal(2 * batches, Target.Query("SELECT COUNT(DISTINCT write_batch) FROM journal"));
    }

    [StoreFact]
    public void Snapshot_load_returns_the_latest_one_matching_the_criteria()
    {
        Assert.Null(Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest));
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 10, 1_000), Manifest, Bytes("s10"));
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 20, 2_000), Manifest, Bytes("s20"));
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 30, 3_000), "other.Manifest", Bytes("s30"));
        Snapshots.SaveSnapshot(new SnapshotMetadata("q", 40, 4_000), Manifest, Bytes("q40"));

        Assert.Equal(new SnapshotMetadata("p", 30, 3_000), Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest)?.Metadata);
        Assert.Equal("other.Manifest", Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest)?.Manifest);
        Assert.Equal(Bytes("s20"), Snapshots.LoadSnapshot("p", new SnapshotSelectionCriteria(25, long.MaxValue))?.Snapshot);
        Assert.Equal(Bytes("s10"), Snapshots.LoadSnapshot("p", new SnapshotSelectionCriteria(long.MaxValue, 1_999))?.Snapshot);
        Assert.Equal(Bytes("s20"), Snapshots.LoadSnapshot("p", new SnapshotSelectionCriteria(20, 2_000, MinSequenceNr: 11))?.Snapshot);
        Assert.Null(Snapshots.LoadSnapshot("p", new SnapshotSelectionCriteria(9, long.MaxValue)));
    }

    [StoreFact]
    public void Saving_a_snapshot_again_at_the_same_sequence_number_replaces_it()
    {
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 10, 1_000), Manifest, Bytes("old"));
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 10, 1_500), Manifest, Bytes("new"));

        var loaded = Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest);

        Assert.Equal(new SnapshotMetadata("p", 10, 1_500), loaded?.Metadata);
        Assert.Equal(Bytes("new"), loaded?.Snapshot);
    }

    [StoreFact]
    public void Snapshots_are_deleted_one_by_one_or_by_criteria()
    {
        foreach (var seq in new[] { 10L, 20, 30, 40 })
        {
            Snapshots.SaveSnapshot(new SnapshotMetadata("p", seq, seq * 100), Manifest, Bytes($"s{seq}"));
        }

        Snapshots.DeleteSnapshot(new SnapshotMetadata("p", 40, 4_000));
        Assert.Equal(30, Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest)?.Metadata.SequenceNr);

        Snapshots.DeleteSnapshots("p", new SnapshotSelectionCriteria(30, long.MaxValue, MinSequenceNr: 20));
        Assert.Equal(10, Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest)?.Metadata.SequenceNr);

        Snapshots.DeleteSnapshots("p", SnapshotSelectionCriteria.Latest);
        Assert.Null(Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest));
    }

    [StoreFact]
    public void A_damaged_snapshot_is_reported_with_its_position()
    {
        Snapshots.SaveSnapshot(new SnapshotMetadata("p", 10, 1_000), Manifest, Bytes("state"));
        Target.Execute("UPDATE snapshot SET snapshot = substr(snapshot, 1, 2)");

        var error = Assert.Throws<CorruptedDataException>(() => Snapshots.LoadSnapshot("p", SnapshotSelectionCriteria.Latest));

        Assert.Equal(("snapshot", "p", 10L), (error.Table, error.PersistenceId, error.SequenceNr));
    }

    [StoreFact]
    public void A_store_of_another_schema_version_is_refused()
    {
        Store.Dispose();
        Target.Execute("UPDATE persistence_schema SET version = 99");

        var error = Assert.Throws<SchemaVersionMismatchException>(() => Store = PersistenceStore.Open(Target.ConnectionString));

        Assert.Contains("schema version 99", error.Message);
        Assert.Contains("reads version 1", error.Message);
        Target.Execute("UPDATE persistence_schema SET version = 1");
        Store = PersistenceStore.Open(Target.ConnectionString);
    }

    [StoreFact]
    public void Location_names_the_store_without_its_password()
    {
        Assert.DoesNotContain("password", Store.Location, StringComparison.OrdinalIgnoreCase);
        Assert.False(string.IsNullOrWhiteSpace(Store.Location));
    }

    private static PersistentRepr Event(string persistenceId, long sequenceNr) =>
        new(persistenceId, sequenceNr, sequenceNr * 1_000, Manifest, Bytes($"{persistenceId}-{sequenceNr}"));

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    private static void AssertSame(PersistentRepr expected, PersistentRepr actual)
    {
        Assert.Equal(
            (expected.PersistenceId, expected.SequenceNr, expected.TimestampPs, expected.Manifest),
            (actual.PersistenceId, actual.SequenceNr, actual.TimestampPs, actual.Manifest));
        Assert.Equal(expected.Payload, actual.Payload);
        Assert.Equal(expected.Tags, actual.Tags);
    }

    private static void AssertPosition(CorruptedDataException error, long ordering, string persistenceId, long sequenceNr)
    {
        Assert.Equal(("journal", ordering, persistenceId, sequenceNr), (error.Table, error.Ordering, error.PersistenceId, error.SequenceNr));
        Assert.Contains($"ordering {ordering} (persistence id '{persistenceId}', sequence number {sequenceNr})", error.Message);
    }

    private (List<PersistentRepr> Events, ReadOutcome Outcome) Replay(string persistenceId, long from = 1, long to = long.MaxValue, long max = long.MaxValue)
    {
        var events = new List<PersistentRepr>();
        var outcome = Journal.ReplayMessages(persistenceId, from, to, max, events.Add);
        return (events, outcome);
    }

    private void Reopen()
    {
        Store.Dispose();
        Store = PersistenceStore.Open(Target.ConnectionString);
    }
}
