using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;
using ActorMigration.Runtime.Randomness;

namespace ActorMigration.Actors.Migrate;

/// <summary>What a migrating task is wired to, and what its CPU costs.</summary>
/// <param name="Fabric">The machine's <see cref="BandwidthFabric"/>.</param>
/// <param name="Tlb">The <see cref="TlbShootdown"/>.</param>
/// <param name="Registry">The <see cref="MigratorRegistry"/>.</param>
/// <param name="TargetNode">The destination <see cref="MemoryNode"/>.</param>
/// <param name="TargetNodeId">Its node id.</param>
/// <param name="Kernel">Per-operation kernel costs.</param>
/// <param name="Cpu">The logical CPU the task runs on.</param>
/// <param name="CopyBytesPerSec">One thread's copy rate (the cap of this task's own copies).</param>
/// <param name="CopyResources">The shared paths this CPU's copies cross.</param>
/// <param name="TlbTargetCpus">CPUs that a batched flush must reach.</param>
/// <param name="FrequencyGHz">The CPU clock, to report the thread's work in cycles as the kernel's own measurements do.</param>
/// <param name="Recorder">Who watches the run for a journal or trace; null records nothing.</param>
public sealed record MigratingTaskSetup(
    IActorRef Fabric, IActorRef Tlb, IActorRef Registry, IActorRef TargetNode, int TargetNodeId,
    KernelCosts Kernel, int Cpu, double CopyBytesPerSec, ResourceSet CopyResources, int TlbTargetCpus, double FrequencyGHz,
    IMigrationRecorder? Recorder);

/// <summary>The thread inside move_pages(2) (or a kernel daemon) running migrate_pages(): batches, passes, the unmap phase,
/// one batched flush, the batch copy through the active migrator (batch flow) and the move phase.</summary>
/// <remarks>
/// Protocol, mirroring mm/migrate.c: <see cref="MovePages"/> → per batch [<see cref="AllocFolios"/> to the target node;
/// per pass: migrate_folio_unmap() of each folio (its CPU cost as a step in virtual time); <see cref="FlushTlbBatch"/>
/// (try_to_unmap_flush); in the batch flow <see cref="AcquireMigrator"/> and <see cref="CopyBatch"/>; per folio
/// migrate_folio_move(): its CPU copy through the fabric unless the migrator copied it, then remove_migration_ptes() and
/// migrate_folio_done()] → <see cref="MovePagesDone"/>. The task handles only answers to what it asked, so its steps stay serial.
/// Invariants held here, not only in tests: no copy before the batch's flush; no remap before that folio's copy; in the batch
/// flow no remap before the whole batch copy returned; each folio copied exactly once.
/// </remarks>
public sealed class MigratingTask : ActorBase
{
    /// <summary>NR_MAX_MIGRATE_PAGES_RETRY: passes of migrate_pages_batch() in async mode.</summary>
    public const int NrMaxMigratePagesRetry = 10;

    /// <summary>NR_MAX_MIGRATE_ASYNC_RETRY: passes of the whole batch, in async mode, that a sync call tries first.</summary>
    public const int NrMaxMigrateAsyncRetry = 3;

    /// <summary>NR_MAX_MIGRATE_SYNC_RETRY: passes of each leftover folio's own sync call.</summary>
    public const int NrMaxMigrateSyncRetry = 7;

    private static readonly object Continue = new();

    private readonly MigratingTaskSetup _setup;
    private readonly SimRandom _faults;
    private readonly string _track;
    private readonly List<long> _firstFolioLatencyPs = [];
    private readonly Dictionary<CopyFallback, int> _fallbacks = [];
    private MovePages _request = null!;
    private IActorRef _requester = null!;
    private FolioList _folios = null!;
    private FolioCosts _costs;
    private Step _step;
    private int[] _retry = [], _nextRetry = [], _unmapped = [], _singles = [], _busy = [];
    private int _retryCount, _nextRetryCount, _unmappedCount, _singlesCount, _singlesNext, _busyCount;
    private int _cursor, _i, _pass, _passes, _pending, _allocRemaining;
    private bool _inSingle, _stopAll, _batchDoneOne;
    private long _startPs, _batchStartPs, _copyStartPs;
    private long _cpuCallPs, _cpuUnmapPs, _cpuFlushPs, _cpuCopyPs, _cpuMovePs, _copyPs, _workerCpuPs, _channelBusyPs;
    private int _batches, _passesRun, _flushes, _succeeded;
    private IActorRef? _lease;
    private int _failedEagain, _failedEbusy, _failedEnomem;
    private readonly List<long> _batchInaccessible = [];
    private Counters _batchStart;
    private int[] _batchFolios = [];
    private int _batchFolioCount;
    private long _flushStartPs;
    private FolioSpan[]? _spans;

    private enum Step { Idle, NextBatch, Alloc, Unmap, Flush, Lease, BatchCopy, MoveCopy, Remap, Done }

    /// <summary>The running totals a batch call's summary is the difference of.</summary>
    private readonly record struct Counters(long Unmap, long Flush, long Copy, long Move, long Workers, long Channels, long CopyPs,
        int Passes, int Flushes, int Eagain, int Ebusy, int Enomem, int Succeeded, IReadOnlyDictionary<CopyFallback, int> Fallbacks);

    /// <summary>A task wired as <paramref name="setup"/> says.</summary>
    public MigratingTask(MigratingTaskSetup setup)
    {
        _setup = setup;
        _faults = Context.Random.Fork("faults");
        _track = $"cpu{setup.Cpu}";
    }

    /// <inheritdoc />
    protected override bool Receive(object message)
    {
        switch (message)
        {
            case var _ when ReferenceEquals(message, Continue):
                OnContinue();
                return true;
            case TransferDone when _step == Step.MoveCopy:
                OnCpuCopyDone();
                return true;
            case FoliosAllocated allocated when _step == Step.Alloc:
                _allocRemaining = allocated.Count;
                BeginPass();
                return true;
            case TlbFlushed flushed when _step == Step.Flush:
                _cpuFlushPs += flushed.Cost.Picoseconds;
                if (_spans is not null) _setup.Recorder!.Span(_track, "try_to_unmap_flush", _flushStartPs, Context.Now.Picoseconds);
                AfterFlush();
                return true;
            case MigratorLease lease when _step == Step.Lease:
                OnLease(lease.Migrator);
                return true;
            case BatchCopied copied when _step == Step.BatchCopy:
                OnBatchCopied(copied);
                return true;
            case MovePages request when _step == Step.Idle:
                Start(request);
                return true;
            default:
                return false;
        }
    }

    private void Start(MovePages request)
    {
        _request = request;
        _requester = Sender;
        _folios = request.Folios;
        _costs = FolioCosts.For(_setup.Kernel, _folios.PagesPerFolio);
        var maxBatch = (int)Math.Clamp(((long)request.BatchPages + _folios.PagesPerFolio - 1) / _folios.PagesPerFolio, 1, _folios.Count);
        _retry = new int[maxBatch];
        _nextRetry = new int[maxBatch];
        _unmapped = new int[maxBatch];
        _singles = new int[maxBatch];
        _busy = new int[maxBatch];
        _batchFolios = new int[maxBatch];
        if (_setup.Recorder?.RecordsFolios == true) _spans = new FolioSpan[_folios.Count];
        _startPs = Context.Now.Picoseconds;
        Spend(_setup.Kernel.MovePagesFixed + _setup.Kernel.MigratePagesCall, ref _cpuCallPs, Step.NextBatch);
    }

    private void OnContinue()
    {
        switch (_step)
        {
            case Step.NextBatch:
                NextBatch();
                break;
            case Step.Alloc:
                _setup.TargetNode.Tell(new AllocFolios(_retryCount, _folios.FolioBytes), Self);
                break;
            case Step.Unmap:
                UnmapNext();
                break;
            case Step.Remap:
                FolioDone(_pending);
                MoveNext();
                break;
            default:
                throw new InvalidOperationException($"Unexpected continuation in step {_step}");
        }
    }

    /// <summary>migrate_pages(): cut the list into batches of at most BatchPages base pages, ending on a folio boundary.</summary>
    private void NextBatch()
    {
        if (_stopAll || _cursor == _folios.Count)
        {
            Finish();
            return;
        }
        var count = 0;
        var pages = 0;
        // As migrate_pages(): folios are added until the batch holds at least NR_MAX_BATCHED_MIGRATION pages.
        while (_cursor < _folios.Count && count < _retry.Length && pages < _request.BatchPages)
        {
            _retry[count++] = _cursor++;
            pages += _folios.PagesPerFolio;
        }
        StartBatchCall(count, _request.Mode == MigrateMode.Async ? NrMaxMigratePagesRetry : NrMaxMigrateAsyncRetry, single: false);
    }

    /// <summary>migrate_pages_batch() over the first <paramref name="count"/> entries of the retry list.</summary>
    private void StartBatchCall(int count, int passes, bool single)
    {
        if (_setup.Recorder is not null)
        {
            _batchStart = Snapshot();
            _batchInaccessible.Clear();
            Array.Copy(_retry, _batchFolios, count);
            _batchFolioCount = count;
            if (_spans is not null)
                for (var j = 0; j < count; j++) _spans[_retry[j]] = new FolioSpan(_retry[j], -1, -1, -1, -1, -1, -1, Errno.Success);
        }
        _retryCount = count;
        _unmappedCount = 0;
        _busyCount = 0;
        _passes = passes;
        _pass = 0;
        _inSingle = single;
        _batchStartPs = Context.Now.Picoseconds;
        _batchDoneOne = false;
        _batches++;
        Spend(_setup.Kernel.Batch, ref _cpuUnmapPs, Step.Alloc);
    }

    /// <summary>One unmap pass over the folios still to try; as in the kernel, every unmap pass comes before the one flush and the move.</summary>
    private void BeginPass()
    {
        if (_stopAll || _retryCount == 0 || _pass == _passes)
        {
            AfterUnmap();
            return;
        }
        _pass++;
        _passesRun++;
        _nextRetryCount = 0;
        _i = 0;
        UnmapNext();
    }

    /// <summary>The folios that returned -EAGAIN are the next pass's list.</summary>
    private void EndUnmapPass()
    {
        (_retry, _nextRetry) = (_nextRetry, _retry);
        _retryCount = _nextRetryCount;
        BeginPass();
    }

    /// <summary>migrate_folio_unmap() of the next folio: allocate, lock, try_to_migrate(); outcomes drawn from the seeded fault stream.</summary>
    private void UnmapNext()
    {
        if (_i == _retryCount)
        {
            EndUnmapPass();
            return;
        }
        var f = _retry[_i++];
        var faults = _request.Faults;
        if (_allocRemaining == 0 || _faults.Chance(faults.Enomem))
        {
            // -ENOMEM: stop unmapping; what is unmapped still moves, everything else in the call fails.
            SetFailed(f, Errno.ENOMEM);
            _stopAll = true;
            AfterUnmap();
            return;
        }
        if (_faults.Chance(faults.Eagain))
        {
            _nextRetry[_nextRetryCount++] = f;
            Spend(_costs.Attempt, ref _cpuUnmapPs, Step.Unmap);
            return;
        }
        if (!_inSingle && _faults.Chance(faults.Ebusy))
        {
            // -EBUSY (writeback) is final for an async call; a sync call retries the folio alone in sync mode, where writeback is waited for.
            if (_request.Mode == MigrateMode.Sync) _busy[_busyCount++] = f;
            else SetFailed(f, Errno.EBUSY);
            Spend(_costs.Attempt, ref _cpuUnmapPs, Step.Unmap);
            return;
        }
        _allocRemaining--;
        _unmapped[_unmappedCount++] = f;
        _folios.UnmappedAtPs[f] = Context.Now.Picoseconds + _costs.Unmap.Picoseconds;
        if (_spans is not null)
        {
            _spans[f].UnmapStartPs = Context.Now.Picoseconds;
            _spans[f].UnmapEndPs = _folios.UnmappedAtPs[f];
        }
        if (_folios.PmdMapped) _flushes++; // a PMD-mapped THP is flushed at once, inside its own unmap cost
        Spend(_costs.Unmap, ref _cpuUnmapPs, Step.Unmap);
    }

    /// <summary>try_to_unmap_flush(): one shootdown for every deferred PTE flush of the batch call.</summary>
    private void AfterUnmap()
    {
        if (_unmappedCount == 0)
        {
            EndBatchCall();
            return;
        }
        if (_folios.PmdMapped)
        {
            AfterFlush();
            return;
        }
        _flushes++;
        _step = Step.Flush;
        _flushStartPs = Context.Now.Picoseconds;
        _setup.Tlb.Tell(new FlushTlbBatch(_setup.TlbTargetCpus), Self);
    }

    private void AfterFlush()
    {
        for (var j = 0; j < _unmappedCount; j++) _folios.MarkFlushed(_unmapped[j]);
        if (_request.Flow == CopyFlow.BatchCopy)
        {
            _step = Step.Lease;
            _setup.Registry.Tell(new AcquireMigrator(_request.Reason), Self);
        }
        else BeginMove();
    }

    private void OnLease(IActorRef? migrator)
    {
        if (migrator is null)
        {
            BeginMove();
            return;
        }
        _lease = migrator;
        _step = Step.BatchCopy;
        _copyStartPs = Context.Now.Picoseconds;
        migrator.Tell(new CopyBatch(_folios, _unmapped, _unmappedCount, _setup.Cpu, _setup.TargetNodeId, _request.Faults), Self);
    }

    private void OnBatchCopied(BatchCopied copied)
    {
        _copyPs += copied.DataCopyPs;
        _cpuCopyPs += copied.CallerCpuPs;
        _workerCpuPs += copied.WorkerCpuPs;
        _channelBusyPs += copied.ChannelBusyPs;
        if (copied.Fallback != CopyFallback.None) _fallbacks[copied.Fallback] = _fallbacks.GetValueOrDefault(copied.Fallback) + 1;
        _setup.Registry.Tell(new ReleaseMigrator(_lease!), Self);
        _lease = null;
        if (_spans is not null)
            for (var j = 0; j < _unmappedCount; j++)
            {
                var f = _unmapped[j];
                if (_folios.CopyCount[f] == 0) continue;
                _spans[f].CopyStartPs = _copyStartPs;
                _spans[f].CopyEndPs = Context.Now.Picoseconds;
            }
        BeginMove();
    }

    private void BeginMove()
    {
        _i = 0;
        MoveNext();
    }

    /// <summary>migrate_folio_move() of the next unmapped folio: its CPU copy unless the migrator copied it, then the remap.</summary>
    private void MoveNext()
    {
        if (_i == _unmappedCount)
        {
            EndBatchCall();
            return;
        }
        _pending = _unmapped[_i++];
        if (_folios.CopyCount[_pending] != 0)
        {
            Remap();
            return;
        }
        _step = Step.MoveCopy;
        _copyStartPs = Context.Now.Picoseconds;
        _setup.Fabric.Tell(new StartTransfer(_pending, _folios.FolioBytes, _setup.CopyBytesPerSec, _setup.CopyResources), Self);
    }

    private void OnCpuCopyDone()
    {
        var elapsed = Context.Now.Picoseconds - _copyStartPs;
        _copyPs += elapsed;
        _cpuCopyPs += elapsed;
        _folios.MarkCopied(_pending);
        if (_spans is not null)
        {
            _spans[_pending].CopyStartPs = _copyStartPs;
            _spans[_pending].CopyEndPs = Context.Now.Picoseconds;
        }
        Remap();
    }

    /// <summary>move_to_new_folio() bookkeeping and remove_migration_ptes(): never before the folio's data is copied.</summary>
    private void Remap()
    {
        if (_folios.CopyCount[_pending] != 1) throw new InvalidOperationException($"Folio {_pending} remapped with copy count {_folios.CopyCount[_pending]}");
        if (_spans is not null) _spans[_pending].RemapStartPs = Context.Now.Picoseconds;
        Spend(_costs.Move, ref _cpuMovePs, Step.Remap);
    }

    /// <summary>migrate_folio_done(): the folio is accessible again.</summary>
    private void FolioDone(int f)
    {
        var now = Context.Now.Picoseconds;
        _folios.RemappedAtPs[f] = now;
        _succeeded++;
        if (_setup.Recorder is not null) _batchInaccessible.Add(now - _folios.UnmappedAtPs[f]);
        if (_spans is not null) _spans[f].RemapEndPs = now;
        if (_batchDoneOne) return;
        _batchDoneOne = true;
        _firstFolioLatencyPs.Add(now - _batchStartPs);
    }

    /// <summary>End of a migrate_pages_batch() call: free unused destinations; in a sync call the folios that failed the async
    /// round (-EAGAIN leftovers, then -EBUSY ones, as migrate_pages_sync() lists them) each get a single-folio sync call.</summary>
    private void EndBatchCall()
    {
        if (_allocRemaining > 0) _setup.TargetNode.Tell(new FreeFolios(_allocRemaining, _folios.FolioBytes), Self);
        _allocRemaining = 0;
        if (!_stopAll)
        {
            for (var j = 0; j < _retryCount; j++)
            {
                if (_request.Mode == MigrateMode.Sync && !_inSingle) _singles[_singlesCount++] = _retry[j];
                else SetFailed(_retry[j], Errno.EAGAIN);
            }
            for (var j = 0; j < _busyCount; j++) _singles[_singlesCount++] = _busy[j];
        }
        if (_setup.Recorder is not null) RecordBatch();
        if (!_stopAll && _singlesNext < _singlesCount)
        {
            _retry[0] = _singles[_singlesNext++];
            StartBatchCall(1, NrMaxMigrateSyncRetry, single: true);
            return;
        }
        _singlesCount = _singlesNext = 0;
        NextBatch();
    }

    private void Finish()
    {
        _step = Step.Done;
        var now = Context.Now.Picoseconds;

        var inaccessible = new List<long>(_folios.Count);
        var neverTried = 0;
        long bytes = 0;
        var succeeded = 0;
        for (var f = 0; f < _folios.Count; f++)
        {
            if (_folios.RemappedAtPs[f] >= 0)
            {
                succeeded++;
                bytes += _folios.FolioBytes;
                inaccessible.Add(_folios.RemappedAtPs[f] - _folios.UnmappedAtPs[f]);
                continue;
            }
            if (_folios.Errno[f] != Errno.Success) continue;
            // Only an -ENOMEM stop leaves folios that were never tried.
            if (!_stopAll) throw new InvalidOperationException($"Folio {f} neither migrated nor failed");
            _folios.Errno[f] = Errno.ENOMEM;
            neverTried++;
        }
        var sorted = inaccessible.ToArray();
        Array.Sort(sorted);
        var report = new MigrationReport
        {
            BytesMoved = bytes,
            DurationPs = now - _startPs,
            FirstFolioLatencyPs = _firstFolioLatencyPs,
            InaccessiblePs = sorted,
            CpuPs = new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["call"] = _cpuCallPs,
                ["unmap"] = _cpuUnmapPs,
                ["flush"] = _cpuFlushPs,
                ["copy"] = _cpuCopyPs,
                ["move"] = _cpuMovePs,
                ["workers"] = _workerCpuPs,
                ["channels"] = _channelBusyPs,
            },
            CopyPs = _copyPs,
            CpuCyclesPerPage = MigrationReport.CyclesPerPage(_cpuCallPs + _cpuUnmapPs + _cpuFlushPs + _cpuCopyPs + _cpuMovePs,
                (long)succeeded * _folios.PagesPerFolio, _setup.FrequencyGHz),
            Succeeded = succeeded,
            Failed = ReportNames.Failures(_failedEagain, _failedEbusy, _failedEnomem + neverTried),
            Fallbacks = ReportNames.Fallbacks(f => _fallbacks.GetValueOrDefault(f)),
            Batches = _batches,
            Passes = _passesRun,
            TlbFlushes = _flushes,
        };
        _setup.Recorder?.CallCompleted(new CallSummary(_startPs, now, _cpuCallPs, neverTried));
        _requester.Tell(new MovePagesDone(report), Self);
    }

    private void SetFailed(int f, Errno errno)
    {
        _folios.Errno[f] = errno;
        switch (errno)
        {
            case Errno.EAGAIN: _failedEagain++; break;
            case Errno.EBUSY: _failedEbusy++; break;
            default: _failedEnomem++; break;
        }
        if (_spans is not null) _spans[f].Errno = errno;
    }

    private Counters Snapshot() => new(_cpuUnmapPs, _cpuFlushPs, _cpuCopyPs, _cpuMovePs, _workerCpuPs, _channelBusyPs, _copyPs,
        _passesRun, _flushes, _failedEagain, _failedEbusy, _failedEnomem, _succeeded, new Dictionary<CopyFallback, int>(_fallbacks));

    /// <summary>Hands the batch call's summary (the counters' differences over the call) and, at folio detail, its folios' spans to the recorder.</summary>
    private void RecordBatch()
    {
        var recorder = _setup.Recorder!;
        var now = Snapshot();
        var start = _batchStart;
        recorder.BatchCompleted(new BatchSummary
        {
            Index = _batches - 1,
            StartPs = _batchStartPs,
            EndPs = Context.Now.Picoseconds,
            FirstDonePs = _batchDoneOne ? _batchStartPs + _firstFolioLatencyPs[^1] : -1,
            Passes = now.Passes - start.Passes,
            Flushes = now.Flushes - start.Flushes,
            CpuPs = new SortedDictionary<string, long>(StringComparer.Ordinal)
            {
                ["unmap"] = now.Unmap - start.Unmap,
                ["flush"] = now.Flush - start.Flush,
                ["copy"] = now.Copy - start.Copy,
                ["move"] = now.Move - start.Move,
                ["workers"] = now.Workers - start.Workers,
                ["channels"] = now.Channels - start.Channels,
            },
            CopyPs = now.CopyPs - start.CopyPs,
            Fallbacks = now.Fallbacks.Where(kv => kv.Value != start.Fallbacks.GetValueOrDefault(kv.Key))
                .ToDictionary(kv => kv.Key, kv => kv.Value - start.Fallbacks.GetValueOrDefault(kv.Key)),
            Succeeded = now.Succeeded - start.Succeeded,
            BytesMoved = (long)(now.Succeeded - start.Succeeded) * _folios.FolioBytes,
            InaccessiblePs = _batchInaccessible.ToArray(),
            Failed = new Dictionary<Errno, int>
            {
                [Errno.EAGAIN] = now.Eagain - start.Eagain,
                [Errno.EBUSY] = now.Ebusy - start.Ebusy,
                [Errno.ENOMEM] = now.Enomem - start.Enomem,
            },
        });
        if (_spans is null) return;
        var spans = new FolioSpan[_batchFolioCount];
        for (var j = 0; j < _batchFolioCount; j++) spans[j] = _spans[_batchFolios[j]];
        recorder.FoliosCompleted(_batches - 1, spans);
    }

    private void Spend(SimTime cost, ref long bucketPs, Step next)
    {
        bucketPs += cost.Picoseconds;
        _step = next;
        Context.System.Scheduler.ScheduleTellOnce(cost, Self, Continue, Self);
    }
}
