using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>One migrate_pages() call as a machine's recorder saw it: when it started and returned, and its batch calls.</summary>
public sealed record LoggedCall(long StartPs, long EndPs, IReadOnlyList<BatchSummary> Batches, int NeverTried)
{
    /// <summary>Folios migrated.</summary>
    public int Succeeded => Batches.Sum(b => b.Succeeded);

    /// <summary>Folios that failed with <paramref name="errno"/> (those an -ENOMEM stop left untried included).</summary>
    public int Failed(Errno errno) => Batches.Sum(b => b.Failed.GetValueOrDefault(errno)) + (errno == Errno.ENOMEM ? NeverTried : 0);

    /// <summary>Folios the call was given: each ends once, migrated or failed.</summary>
    public int Folios => Succeeded + Batches.Sum(b => b.Failed.Values.Sum()) + NeverTried;
}

/// <summary>A recorder for a host's machine that keeps every migrate_pages() call its tasks returned, in order: how tests see
/// the calls a tiering caller makes through tasks it owns. Calls must not overlap (one caller thread at a time), since batch
/// summaries are filed under the next call that returns.</summary>
public sealed class CallLog : IMigrationRecorder
{
    private readonly List<BatchSummary> _batches = [];
    private readonly List<LoggedCall> _calls = [];

    /// <summary>The calls returned so far.</summary>
    public IReadOnlyList<LoggedCall> Calls => _calls;

    /// <inheritdoc />
    public bool RecordsFolios => false;

    /// <inheritdoc />
    public void BatchCompleted(BatchSummary batch) => _batches.Add(batch);

    /// <inheritdoc />
    public void FoliosCompleted(int batchIndex, ReadOnlySpan<FolioSpan> folios) { }

    /// <inheritdoc />
    public void Span(string track, string name, long startPs, long endPs) { }

    /// <inheritdoc />
    public void CallCompleted(CallSummary call)
    {
        _calls.Add(new LoggedCall(call.StartPs, call.EndPs, _batches.ToArray(), call.NeverTried));
        _batches.Clear();
    }
}
