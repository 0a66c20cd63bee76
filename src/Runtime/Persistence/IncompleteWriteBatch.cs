namespace ActorMigration.Runtime.Persistence;

/// <summary>The journal's last write batch, found with fewer rows than were written in it; reads stop before it.</summary>
/// <param name="WriteBatch">The batch's id (the <c>write_batch</c> column).</param>
/// <param name="FirstOrdering">The lowest ordering of the batch's rows that are still there.</param>
/// <param name="RowsFound">How many of its rows the journal holds.</param>
/// <param name="RowsWritten">How many rows the batch was written with (the <c>batch_rows</c> column).</param>
public sealed record IncompleteWriteBatch(long WriteBatch, long FirstOrdering, int RowsFound, int RowsWritten)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"the last write batch {WriteBatch} (from ordering {FirstOrdering}) is incomplete: {RowsFound} of {RowsWritten} rows";
}
