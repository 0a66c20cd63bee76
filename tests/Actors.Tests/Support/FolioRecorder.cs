using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>A recorder at folio detail that keeps each folio's last span: how tests see the folios the migrating task owns.</summary>
/// <remarks>A folio's span is that of the last batch call that tried it (a sync call's single-folio retry replaces the span of
/// the round it failed). Folios never tried after an -ENOMEM stop have no outcome here: the task counts them in <see cref="CallSummary.NeverTried"/>.</remarks>
public sealed class FolioRecorder(int count, long folioBytes) : IMigrationRecorder
{
    private readonly FolioSpan?[] _spans = new FolioSpan?[count];

    /// <summary>Folios of the call.</summary>
    public int Count => count;

    /// <summary>Bytes per folio.</summary>
    public long FolioBytes => folioBytes;

    /// <summary>The call's summary, once it returned.</summary>
    public CallSummary? Call { get; private set; }

    /// <inheritdoc />
    public bool RecordsFolios => true;

    /// <summary>When folio <paramref name="f"/> became inaccessible (its unmap ended), or -1.</summary>
    public long UnmappedAtPs(int f) => _spans[f]?.UnmapEndPs ?? -1;

    /// <summary>When folio <paramref name="f"/>'s data copy ended, or -1 if it was not copied.</summary>
    public long CopiedAtPs(int f) => _spans[f]?.CopyEndPs ?? -1;

    /// <summary>When migrate_folio_done() made folio <paramref name="f"/> accessible again, or -1.</summary>
    public long RemappedAtPs(int f) => _spans[f]?.RemapEndPs ?? -1;

    /// <summary>Folio <paramref name="f"/>'s failure, or Success (migrated, or never tried).</summary>
    public Errno Errno(int f) => _spans[f]?.Errno ?? Migrate.Errno.Success;

    /// <summary>The folios unmapped and not yet remapped at <paramref name="atPs"/>: those of the batch call in its flush, copy or move phase.</summary>
    public int[] InFlightAt(long atPs) => Enumerable.Range(0, count)
        .Where(f => UnmappedAtPs(f) is >= 0 and var u && u <= atPs && (RemappedAtPs(f) < 0 || RemappedAtPs(f) > atPs)).ToArray();

    /// <inheritdoc />
    public void BatchCompleted(BatchSummary batch) { }

    /// <inheritdoc />
    public void FoliosCompleted(int batchIndex, ReadOnlySpan<FolioSpan> folios)
    {
        foreach (var span in folios) _spans[span.Folio] = span;
    }

    /// <inheritdoc />
    public void Span(string track, string name, long startPs, long endPs) { }

    /// <inheritdoc />
    public void CallCompleted(CallSummary call) => Call = call;
}
