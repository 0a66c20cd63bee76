namespace ActorMigration.Runtime.Persistence;

/// <summary>Collects events and writes them to a journal in write batches of a fixed size, or when flushed.</summary>
public sealed class BufferedJournalWriter : IDisposable
{
    private readonly IJournal journal;
    private readonly int flushEveryEvents;
    private readonly List<PersistentRepr> pending;

    /// <summary>Creates a writer that writes a batch to <paramref name="journal"/> each time <paramref name="flushEveryEvents"/> events are pending.</summary>
    public BufferedJournalWriter(IJournal journal, int flushEveryEvents)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(flushEveryEvents, 1);
        this.journal = journal;
        this.flushEveryEvents = flushEveryEvents;
        pending = new List<PersistentRepr>(flushEveryEvents);
    }

    /// <summary>Events written to this writer but not yet to the journal.</summary>
    public int Pending => pending.Count;

    /// <summary>Adds an event, writing the pending batch when it reaches the flush size.</summary>
    public void Write(PersistentRepr e)
    {
        pending.Add(e);
        if (pending.Count >= flushEveryEvents)
        {
            Flush();
        }
    }

    /// <summary>Writes the pending events as one write batch; if that fails they stay pending.</summary>
    public void Flush()
    {
        if (pending.Count == 0)
        {
            return;
        }

        journal.WriteMessages(pending);
        pending.Clear();
    }

    /// <summary>Flushes the pending events.</summary>
    public void Dispose() => Flush();
}
