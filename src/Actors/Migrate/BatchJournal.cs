namespace ActorMigration.Actors.Migrate;

/// <summary>What the migrating task tells its <see cref="IMigrationRecorder"/>, at the points mm/migrate.c's tracepoints would
/// fire: each migrate_pages_batch() call's summary (the differences of the counters over the call) and, at folio detail, the
/// span of every folio the call touched.</summary>
public sealed class BatchJournal
{
    private readonly IMigrationRecorder _recorder;
    private readonly string _track;
    private readonly FolioSpan[]? _spans;
    private readonly int[] _batchFolios;
    private readonly List<long> _inaccessiblePs = [];
    private int _batchFolioCount;
    private MigrationCounters _start = new();

    /// <summary>A journal of a call of <paramref name="folios"/> folios, whose batch calls hold at most <paramref name="maxBatch"/>,
    /// run by the thread on <paramref name="track"/>.</summary>
    public BatchJournal(IMigrationRecorder recorder, int folios, int maxBatch, string track)
    {
        _recorder = recorder;
        _track = track;
        _batchFolios = new int[maxBatch];
        if (recorder.RecordsFolios) _spans = new FolioSpan[folios];
    }

    /// <summary>A batch call starts over <paramref name="folios"/>, with the totals at <paramref name="counters"/>.</summary>
    public void BatchStarted(ReadOnlySpan<int> folios, MigrationCounters counters)
    {
        _start = counters.Copy();
        _inaccessiblePs.Clear();
        folios.CopyTo(_batchFolios);
        _batchFolioCount = folios.Length;
        if (_spans is null) return;
        foreach (var f in folios) _spans[f] = new FolioSpan(f, -1, -1, -1, -1, -1, -1, Errno.Success);
    }

    /// <summary>migrate_folio_unmap() of folio <paramref name="f"/> ran from <paramref name="startPs"/> to <paramref name="endPs"/>.</summary>
    public void Unmapped(int f, long startPs, long endPs)
    {
        if (_spans is null) return;
        _spans[f].UnmapStartPs = startPs;
        _spans[f].UnmapEndPs = endPs;
    }

    /// <summary>try_to_unmap_flush() ran from <paramref name="startPs"/> to <paramref name="endPs"/>.</summary>
    public void Flushed(long startPs, long endPs)
    {
        if (_spans is not null) _recorder.Span(_track, "try_to_unmap_flush", startPs, endPs);
    }

    /// <summary>Folio <paramref name="f"/>'s data was copied from <paramref name="startPs"/> to <paramref name="endPs"/>.</summary>
    public void Copied(int f, long startPs, long endPs)
    {
        if (_spans is null) return;
        _spans[f].CopyStartPs = startPs;
        _spans[f].CopyEndPs = endPs;
    }

    /// <summary>remove_migration_ptes() of folio <paramref name="f"/> started at <paramref name="atPs"/>.</summary>
    public void RemapStarted(int f, long atPs)
    {
        if (_spans is not null) _spans[f].RemapStartPs = atPs;
    }

    /// <summary>migrate_folio_done() of folio <paramref name="f"/> at <paramref name="atPs"/>, after <paramref name="inaccessiblePs"/> unmapped.</summary>
    public void Done(int f, long atPs, long inaccessiblePs)
    {
        _inaccessiblePs.Add(inaccessiblePs);
        if (_spans is not null) _spans[f].RemapEndPs = atPs;
    }

    /// <summary>Folio <paramref name="f"/> failed with <paramref name="errno"/>.</summary>
    public void Failed(int f, Errno errno)
    {
        if (_spans is not null) _spans[f].Errno = errno;
    }

    /// <summary>Batch call <paramref name="index"/> ended; hands its summary and, at folio detail, its folios' spans to the recorder.</summary>
    public void BatchEnded(int index, long startPs, long endPs, long firstDonePs, MigrationCounters counters, long folioBytes)
    {
        var start = _start;
        _recorder.BatchCompleted(new BatchSummary
        {
            Index = index,
            StartPs = startPs,
            EndPs = endPs,
            FirstDonePs = firstDonePs,
            Passes = counters.Passes - start.Passes,
            Flushes = counters.Flushes - start.Flushes,
            CpuPs = counters.CpuByName(withCall: false, since: start),
            CopyPs = counters.CopyPs - start.CopyPs,
            Fallbacks = counters.FallbacksSince(start),
            Succeeded = counters.Succeeded - start.Succeeded,
            BytesMoved = (long)(counters.Succeeded - start.Succeeded) * folioBytes,
            InaccessiblePs = _inaccessiblePs.ToArray(),
            Failed = new Dictionary<Errno, int>
            {
                [Errno.EAGAIN] = counters.Failed(Errno.EAGAIN) - start.Failed(Errno.EAGAIN),
                [Errno.EBUSY] = counters.Failed(Errno.EBUSY) - start.Failed(Errno.EBUSY),
                [Errno.ENOMEM] = counters.Failed(Errno.ENOMEM) - start.Failed(Errno.ENOMEM),
            },
        });
        if (_spans is null) return;
        var spans = new FolioSpan[_batchFolioCount];
        for (var j = 0; j < _batchFolioCount; j++) spans[j] = _spans[_batchFolios[j]];
        _recorder.FoliosCompleted(index, spans);
    }

    /// <summary>The migrate_pages() call returned.</summary>
    public void CallCompleted(CallSummary call) => _recorder.CallCompleted(call);
}
