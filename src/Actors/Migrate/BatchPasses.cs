namespace ActorMigration.Actors.Migrate;

/// <summary>The pass bookkeeping of migrate_pages_batch() and migrate_pages_sync(): the folios to try in this pass (<c>from</c>),
/// those -EAGAIN sends to the next pass, those unmapped (<c>unmap_folios</c>, to move), the -EBUSY ones and leftovers that a
/// sync call retries one by one, and which pass of how many this is. Fixed arrays, sized once per call to the largest batch.</summary>
public sealed class BatchPasses(int maxBatch)
{
    private int[] _from = new int[maxBatch], _retry = new int[maxBatch];
    private readonly int[] _unmapped = new int[maxBatch], _busy = new int[maxBatch], _singles = new int[maxBatch];
    private int _fromCount, _retryCount, _unmappedCount, _busyCount, _singlesCount, _singlesNext, _tried, _moved;

    /// <summary>The most folios one batch call holds.</summary>
    public int Capacity => _from.Length;

    /// <summary>The folios still to try: this pass's list, or after the passes the leftovers.</summary>
    public ReadOnlySpan<int> From => _from.AsSpan(0, _fromCount);

    /// <summary>The folios unmapped by this batch call, in unmap order.</summary>
    public ReadOnlySpan<int> Unmapped => _unmapped.AsSpan(0, _unmappedCount);

    /// <summary>The -EBUSY folios of this batch call that its sync caller retries alone.</summary>
    public ReadOnlySpan<int> Busy => _busy.AsSpan(0, _busyCount);

    /// <summary>The pass running (1-based; 0 before the first).</summary>
    public int Pass { get; private set; }

    /// <summary>The passes this batch call may run.</summary>
    public int Passes { get; private set; }

    /// <summary>True in a single-folio sync call of migrate_pages_sync().</summary>
    public bool Single { get; private set; }

    /// <summary>True while the batch being cut from the list can take more folios.</summary>
    public bool HasRoom => _fromCount < _from.Length;

    /// <summary>Adds folio <paramref name="f"/> to the batch being cut from the list.</summary>
    public void Add(int f) => _from[_fromCount++] = f;

    /// <summary>A batch call over the folios added, with up to <paramref name="passes"/> passes.</summary>
    public void StartCall(int passes, bool single)
    {
        _unmappedCount = _busyCount = 0;
        Passes = passes;
        Pass = 0;
        Single = single;
    }

    /// <summary>Starts the next pass if there is one and folios to try in it.</summary>
    public bool NextPass()
    {
        if (_fromCount == 0 || Pass == Passes) return false;
        Pass++;
        _retryCount = _tried = 0;
        return true;
    }

    /// <summary>The next folio of this pass, if any.</summary>
    public bool TryNext(out int f)
    {
        f = _tried < _fromCount ? _from[_tried] : -1;
        if (f < 0) return false;
        _tried++;
        return true;
    }

    /// <summary>Folio <paramref name="f"/> returned -EAGAIN: it is tried again next pass.</summary>
    public void Retry(int f) => _retry[_retryCount++] = f;

    /// <summary>Folio <paramref name="f"/> returned -EBUSY in a sync call's async round: it is retried alone.</summary>
    public void Defer(int f) => _busy[_busyCount++] = f;

    /// <summary>Folio <paramref name="f"/> is unmapped: it moves in this batch call.</summary>
    public void MarkUnmapped(int f) => _unmapped[_unmappedCount++] = f;

    /// <summary>Ends the pass: the -EAGAIN folios are the next pass's list.</summary>
    public void EndPass()
    {
        (_from, _retry) = (_retry, _from);
        _fromCount = _retryCount;
    }

    /// <summary>Starts the move phase over the unmapped folios.</summary>
    public void StartMove() => _moved = 0;

    /// <summary>The next unmapped folio to move, if any.</summary>
    public bool TryNextToMove(out int f)
    {
        f = _moved < _unmappedCount ? _unmapped[_moved] : -1;
        if (f < 0) return false;
        _moved++;
        return true;
    }

    /// <summary>Queues folio <paramref name="f"/> for a single-folio sync call.</summary>
    public void QueueSingle(int f) => _singles[_singlesCount++] = f;

    /// <summary>Makes the next queued folio, if any, the list of a single-folio call; else forgets the queue.</summary>
    public bool TryNextSingle()
    {
        if (_singlesNext < _singlesCount)
        {
            _from[0] = _singles[_singlesNext++];
            _fromCount = 1;
            return true;
        }
        _singlesCount = _singlesNext = 0;
        return false;
    }

    /// <summary>Empties the list to try, before a new batch is cut.</summary>
    public void Clear() => _fromCount = 0;
}
