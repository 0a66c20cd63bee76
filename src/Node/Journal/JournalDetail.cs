namespace ActorMigration.Node.Journal;

/// <summary>How much of a run goes into its journal.</summary>
public enum JournalDetail
{
    /// <summary>Nothing: the run pays nothing for journaling.</summary>
    Off,
    /// <summary>The scenario, one summary per migrate_pages_batch() call, and the run's end: enough to replay its metrics.</summary>
    Batch,
    /// <summary>Also every folio's spans and every flush, descriptor and chunk: enough for a timeline.</summary>
    Folio,
}
