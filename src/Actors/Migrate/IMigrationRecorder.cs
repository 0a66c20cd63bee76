namespace ActorMigration.Actors.Migrate;

/// <summary>Watches a migration from the side, for journals and traces: called synchronously by the actors at the points
/// the kernel's tracepoints would fire, never through messages, so recording cannot change a run's schedule or trace hash.</summary>
/// <remarks>Null when a run records nothing, so the off setting costs one null check per call site.</remarks>
public interface IMigrationRecorder
{
    /// <summary>True when per-folio spans and per-descriptor spans are wanted (folio detail), not only per-batch summaries.</summary>
    bool RecordsFolios { get; }

    /// <summary>A migrate_pages_batch() call ended.</summary>
    void BatchCompleted(BatchSummary batch);

    /// <summary>The folios a batch call touched, with their spans (folio detail only).</summary>
    void FoliosCompleted(int batchIndex, ReadOnlySpan<FolioSpan> folios);

    /// <summary>Something occupied a track for a while: a flush on a CPU, a descriptor on a channel, a chunk on a worker,
    /// a batch on an engine (folio detail only).</summary>
    void Span(string track, string name, long startPs, long endPs);

    /// <summary>The migrate_pages() call returned.</summary>
    void CallCompleted(CallSummary call);
}

/// <summary>What one migrate_pages_batch() call did: the deltas of every counter of the report over the call.</summary>
public sealed record BatchSummary
{
    /// <summary>Position of the call within migrate_pages() (0-based).</summary>
    public required int Index { get; init; }

    /// <summary>When the call started (ps).</summary>
    public required long StartPs { get; init; }

    /// <summary>When it ended (ps).</summary>
    public required long EndPs { get; init; }

    /// <summary>Its first migrate_folio_done() (ps), or -1 if no folio completed.</summary>
    public required long FirstDonePs { get; init; }

    /// <summary>Passes run.</summary>
    public required int Passes { get; init; }

    /// <summary>TLB flushes issued.</summary>
    public required int Flushes { get; init; }

    /// <summary>CPU time of the migrating thread by phase (unmap, flush, copy, move), and of workers and channels (ps).</summary>
    public required IReadOnlyDictionary<string, long> CpuPs { get; init; }

    /// <summary>Virtual time spent copying (ps).</summary>
    public required long CopyPs { get; init; }

    /// <summary>Batch-copy fallbacks by reason.</summary>
    public required IReadOnlyDictionary<CopyFallback, int> Fallbacks { get; init; }

    /// <summary>Folios migrated.</summary>
    public required int Succeeded { get; init; }

    /// <summary>Bytes of the folios migrated.</summary>
    public required long BytesMoved { get; init; }

    /// <summary>Inaccessible time of each folio migrated, in completion order (ps).</summary>
    public required long[] InaccessiblePs { get; init; }

    /// <summary>Folios that failed in this call, by errno.</summary>
    public required IReadOnlyDictionary<Errno, int> Failed { get; init; }
}

/// <summary>What the migrate_pages() call did outside its batch calls.</summary>
/// <param name="StartPs">When the call started.</param>
/// <param name="EndPs">When it returned.</param>
/// <param name="CpuCallPs">Per-call fixed CPU cost.</param>
/// <param name="NeverTried">Folios never tried because an earlier -ENOMEM stopped the call (they fail with -ENOMEM).</param>
public sealed record CallSummary(long StartPs, long EndPs, long CpuCallPs, int NeverTried);

/// <summary>One folio's passage through a batch call (folio detail): -1 for a step it never reached.</summary>
public record struct FolioSpan(int Folio, long UnmapStartPs, long UnmapEndPs, long CopyStartPs, long CopyEndPs, long RemapStartPs, long RemapEndPs, Errno Errno);
