using System.Collections.Immutable;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
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
/// <param name="CopyResources">The shared paths this CPU's copies cross, <paramref name="Route"/> included.</param>
/// <param name="TlbTargetCpus">CPUs that a batched flush must reach.</param>
/// <param name="FrequencyGHz">The CPU clock, to report the thread's work in cycles as the kernel's own measurements do.</param>
/// <param name="Recorder">Who watches the run for a journal or trace; null records nothing.</param>
/// <param name="Route">The memory the task copies between (source and target controllers, the link between them), for migrators.</param>
public sealed record MigratingTaskSetup(
    IActorRef Fabric, IActorRef Tlb, IActorRef Registry, IActorRef TargetNode, int TargetNodeId,
    KernelCosts Kernel, int Cpu, double CopyBytesPerSec, ResourceSet CopyResources, int TlbTargetCpus, double FrequencyGHz,
    IMigrationRecorder? Recorder, ResourceSet Route);

/// <summary>The thread inside move_pages(2) (or a kernel daemon) running migrate_pages(): batches, passes, the unmap phase,
/// one batched flush, the batch copy through the active migrator (batch flow) and the move phase.</summary>
/// <remarks>
/// Protocol, mirroring mm/migrate.c, one behaviour per step: <see cref="MovePages"/> (idle) → migrate_pages() → per batch
/// migrate_pages_batch() [<see cref="AllocFolios"/> to the target node (allocating); per pass migrate_folio_unmap() of each
/// folio (unmapping); <see cref="FlushTlbBatch"/>, try_to_unmap_flush() (flushing); in the batch flow
/// <see cref="AcquireMigrator"/> (acquiring) and <see cref="CopyBatch"/> → <see cref="BatchCopied"/>, which lists the folios
/// the migrator copied (batch copying); per folio migrate_folio_move(): its CPU copy through the fabric unless the migrator
/// copied it (copying a folio), remove_migration_ptes() and migrate_folio_done() (remapping)] → <see cref="MovePagesDone"/>,
/// after which it takes the next call. The task handles only answers to what it asked, so its steps stay serial; and between two such answers nothing can reach
/// it, so what it does alone in a row (the unmap passes; the remaps of folios up to the next CPU copy) is worked out in one
/// step, each folio at the virtual time it would have reached it, and waited for with one timer, or with the next request
/// sent that much later. The times, counters and journal are those of a timer per folio; only the event count differs.
/// It alone owns the call's <see cref="FolioList"/>; migrators say what they copied and the task applies it there, where the
/// invariants are held: no copy before the folio's flush; each folio copied exactly once; no remap before that folio's copy;
/// in the batch flow no remap before the whole batch copy returned (the move phase starts only on <see cref="BatchCopied"/>).
/// </remarks>
public sealed class MigratingTask : ActorBase
{
    /// <summary>NR_MAX_MIGRATE_PAGES_RETRY: passes of migrate_pages_batch() in async mode.</summary>
    public const int NrMaxMigratePagesRetry = 10;

    /// <summary>NR_MAX_MIGRATE_ASYNC_RETRY: passes of the whole batch, in async mode, that a sync call tries first.</summary>
    public const int NrMaxMigrateAsyncRetry = 3;

    /// <summary>NR_MAX_MIGRATE_SYNC_RETRY: passes of each leftover folio's own sync call.</summary>
    public const int NrMaxMigrateSyncRetry = 7;

    /// <summary>The CPU work just charged is done (the task's own timer).</summary>
    private sealed record Continue
    {
        public static readonly Continue Instance = new();
    }

    private readonly MigratingTaskSetup _setup;
    private readonly SimRandom _faults;
    private readonly string _track;
    private MigrationCounters _counters = new();
    private List<long> _firstFolioLatencyPs = [];
    private readonly Receive _enteringCall, _startingBatch, _allocating, _unmapping, _flushing, _acquiringMigrator, _batchCopying, _copyingFolio, _remapping;
    private MovePages _request = null!;
    private IActorRef _requester = null!;
    private FolioList _folios = null!;
    private FolioCosts _costs;
    private BatchPasses _passes = null!;
    private BatchJournal? _journal;
    private IActorRef? _lease;
    private int _cursor, _moving, _allocRemaining;
    private bool _stopAll;
    private long _startPs, _batchStartPs, _firstDonePs, _copyStartPs, _flushStartPs;

    /// <summary>A task wired as <paramref name="setup"/> says.</summary>
    public MigratingTask(MigratingTaskSetup setup)
    {
        _setup = setup;
        _faults = Context.Random().Fork("faults");
        _track = $"cpu{setup.Cpu}";
        // Behaviours as fields: Become with a method group would allocate a delegate per folio step.
        _enteringCall = EnteringCall;
        _startingBatch = StartingBatch;
        _allocating = Allocating;
        _unmapping = Unmapping;
        _flushing = Flushing;
        _acquiringMigrator = AcquiringMigrator;
        _batchCopying = BatchCopying;
        _copyingFolio = CopyingFolio;
        _remapping = Remapping;
    }

    /// <summary>Idle: waiting for a migrate_pages() call.</summary>
    protected override bool Receive(object message)
    {
        if (message is not MovePages request) return false;
        MigratePages(request);
        return true;
    }

    private bool EnteringCall(object message)
    {
        if (message is not Continue) return false;
        NextBatch();
        return true;
    }

    private bool StartingBatch(object message)
    {
        if (message is not Continue) return false;
        AllocateDestinations();
        return true;
    }

    private bool Allocating(object message)
    {
        if (message is not FoliosAllocated allocated) return false;
        _allocRemaining = allocated.Count;
        UnmapPasses();
        return true;
    }

    private bool Unmapping(object message)
    {
        if (message is not Continue) return false;
        TryToUnmapFlush();
        return true;
    }

    private bool Flushing(object message)
    {
        if (message is not TlbFlushed flushed) return false;
        _counters.Spent(CpuPhase.Flush, flushed.Cost.Picoseconds);
        _journal?.Flushed(_flushStartPs, Context.Now().Picoseconds);
        AfterFlush();
        return true;
    }

    private bool AcquiringMigrator(object message)
    {
        if (message is not MigratorLease lease) return false;
        BatchCopy(lease.Migrator);
        return true;
    }

    private bool BatchCopying(object message)
    {
        if (message is not BatchCopied copied) return false;
        OnBatchCopied(copied);
        return true;
    }

    private bool CopyingFolio(object message)
    {
        if (message is not TransferDone) return false;
        OnFolioCopied();
        return true;
    }

    private bool Remapping(object message)
    {
        if (message is not Continue) return false;
        EndBatchCall();
        return true;
    }

    /// <summary>migrate_pages(): the per-call fixed work, then the list cut into batches.</summary>
    private void MigratePages(MovePages request)
    {
        _counters = new MigrationCounters();
        _firstFolioLatencyPs = [];
        _cursor = 0;
        _stopAll = false;
        _request = request;
        _requester = Sender;
        _folios = new FolioList(request.Folios, request.FolioSize);
        _costs = FolioCosts.For(_setup.Kernel, _folios.PagesPerFolio);
        var maxBatch = (int)Math.Clamp(((long)request.BatchPages + _folios.PagesPerFolio - 1) / _folios.PagesPerFolio, 1, _folios.Count);
        _passes = new BatchPasses(maxBatch);
        if (_setup.Recorder is { } recorder) _journal = new BatchJournal(recorder, _folios.Count, maxBatch, _track);
        _startPs = Context.Now().Picoseconds;
        // lru_add_drain_all() (migrate_prep) is the syscalls' and offlining's; the daemons and fault paths call migrate_pages() directly.
        var drain = request.Reason is MigrateReason.Syscall or MigrateReason.MempolicyMbind or MigrateReason.MemoryHotplug ? _setup.Kernel.MovePagesFixed : SimTime.Zero;
        Spend(drain + _setup.Kernel.MigratePagesCall, CpuPhase.Call, _enteringCall);
    }

    /// <summary>The next batch of migrate_pages(): at most BatchPages base pages, ending on a folio boundary.</summary>
    private void NextBatch()
    {
        if (_stopAll || _cursor == _folios.Count)
        {
            Finish();
            return;
        }
        _passes.Clear();
        var pages = 0;
        // As migrate_pages(): folios are added until the batch holds at least NR_MAX_BATCHED_MIGRATION pages.
        while (_cursor < _folios.Count && _passes.HasRoom && pages < _request.BatchPages)
        {
            _passes.Add(_cursor++);
            pages += _folios.PagesPerFolio;
        }
        MigratePagesBatch(_request.Mode == MigrateMode.Async ? NrMaxMigratePagesRetry : NrMaxMigrateAsyncRetry, single: false);
    }

    /// <summary>migrate_pages_batch() over the folios to try, with up to <paramref name="passes"/> unmap passes.</summary>
    private void MigratePagesBatch(int passes, bool single)
    {
        _counters.BatchStarted();
        _journal?.BatchStarted(_passes.From, _counters);
        _passes.StartCall(passes, single);
        _batchStartPs = Context.Now().Picoseconds;
        _firstDonePs = -1;
        Spend(_setup.Kernel.Batch, CpuPhase.Unmap, _startingBatch);
    }

    /// <summary>The batch's destination folios, allocated on the target node in one request.</summary>
    private void AllocateDestinations()
    {
        Become(_allocating);
        _setup.TargetNode.Tell(new AllocFolios(_passes.From.Length, _folios.FolioBytes), Self);
    }

    /// <summary>The unmap passes over the folios still to try, until the passes run out or -ENOMEM stops them; as in the kernel,
    /// every unmap pass comes before the one flush and the move. The thread works them alone, so they are worked out here and
    /// their CPU time waited for once (unmapping) before the flush.</summary>
    private void UnmapPasses()
    {
        var atPs = Context.Now().Picoseconds;
        var attempted = false;
        while (!_stopAll && _passes.NextPass())
        {
            _counters.PassStarted();
            while (_passes.TryNext(out var f))
            {
                var costPs = MigrateFolioUnmap(f, atPs);
                if (costPs < 0) break;
                atPs += costPs;
                attempted = true;
            }
            if (!_stopAll) _passes.EndPass();
        }
        // An -ENOMEM at the very first folio charged nothing: the flush follows at once, as it did with a timer per attempt.
        if (attempted) WaitUntil(atPs, _unmapping);
        else TryToUnmapFlush();
    }

    /// <summary>migrate_folio_unmap() of folio <paramref name="f"/> from <paramref name="atPs"/>: allocate, lock, try_to_migrate();
    /// outcomes drawn from the seeded fault stream. Returns the CPU time it took, or -1 when -ENOMEM stops the unmapping.</summary>
    private long MigrateFolioUnmap(int f, long atPs)
    {
        var faults = _request.Faults;
        if (_allocRemaining == 0 || _faults.Chance(faults.Enomem))
        {
            // -ENOMEM: stop unmapping; what is unmapped still moves, everything else in the call fails.
            Fail(f, Errno.ENOMEM);
            _stopAll = true;
            return -1;
        }
        // A pinned folio's refcount is above what folio_migrate_mapping() expects: -EAGAIN, every pass.
        if (f >= _folios.Count - _request.Pinned || _faults.Chance(faults.Eagain))
        {
            _passes.Retry(f);
            return Charge(_costs.Attempt, CpuPhase.Unmap);
        }
        if (!_passes.Single && _faults.Chance(faults.Ebusy))
        {
            // -EBUSY (writeback) is final for an async call; a sync call retries the folio alone in sync mode, where writeback is waited for.
            if (_request.Mode == MigrateMode.Sync) _passes.Defer(f);
            else Fail(f, Errno.EBUSY);
            return Charge(_costs.Attempt, CpuPhase.Unmap);
        }
        _allocRemaining--;
        _passes.MarkUnmapped(f);
        var endPs = atPs + _costs.Unmap.Picoseconds;
        _folios.MarkUnmapped(f, endPs);
        _journal?.Unmapped(f, atPs, endPs);
        if (_folios.PmdMapped) _counters.Flushed(); // a PMD-mapped THP is flushed at once, inside its own unmap cost
        return Charge(_costs.Unmap, CpuPhase.Unmap);
    }

    /// <summary>try_to_unmap_flush(): one shootdown for every deferred PTE flush of the batch call.</summary>
    private void TryToUnmapFlush()
    {
        if (_passes.Unmapped.IsEmpty)
        {
            EndBatchCall();
            return;
        }
        if (_folios.PmdMapped)
        {
            AfterFlush();
            return;
        }
        _counters.Flushed();
        Become(_flushing);
        _flushStartPs = Context.Now().Picoseconds;
        _setup.Tlb.Tell(new FlushTlbBatch(_setup.TlbTargetCpus), Self);
    }

    private void AfterFlush()
    {
        foreach (var f in _passes.Unmapped) _folios.MarkFlushed(f);
        if (_request.Flow == CopyFlow.BatchCopy)
        {
            Become(_acquiringMigrator);
            _setup.Registry.Tell(new AcquireMigrator(_request.Reason), Self);
        }
        else MovePhase();
    }

    /// <summary>The batch copy of the RFC: the unmapped folios through the active migrator, if there is one for this reason.</summary>
    private void BatchCopy(IActorRef? migrator)
    {
        if (migrator is null)
        {
            MovePhase();
            return;
        }
        _lease = migrator;
        Become(_batchCopying);
        _copyStartPs = Context.Now().Picoseconds;
        migrator.Tell(new CopyBatch([.. _passes.Unmapped], _folios.FolioSize, _setup.Cpu, _setup.TargetNodeId, _request.Faults, _setup.Route), Self);
    }

    /// <summary>The batch copy returned: the folios it copied are marked so the move phase skips their copy.</summary>
    private void OnBatchCopied(BatchCopied copied)
    {
        _counters.BatchCopied(copied);
        _setup.Registry.Tell(new ReleaseMigrator(_lease!), Self);
        _lease = null;
        var now = Context.Now().Picoseconds;
        foreach (var f in copied.Copied)
        {
            _folios.MarkCopied(f);
            _journal?.Copied(f, _copyStartPs, now);
        }
        MovePhase();
    }

    private void MovePhase()
    {
        _passes.StartMove();
        MigrateFolioMoves(Context.Now().Picoseconds);
    }

    /// <summary>migrate_folio_move() of the unmapped folios still to move, from <paramref name="atPs"/> on: the remaps of folios
    /// already copied follow one another; the first folio that needs its CPU copy has it started through the fabric when the
    /// thread gets to it (a send delayed to then) and the move waits for the copy (copying a folio); after the last remap the
    /// thread waits until it is done (remapping).</summary>
    private void MigrateFolioMoves(long atPs)
    {
        while (_passes.TryNextToMove(out var f))
        {
            if (_folios.IsCopied(f))
            {
                atPs = RemoveMigrationPtes(f, atPs);
                continue;
            }
            Become(_copyingFolio);
            _moving = f;
            _copyStartPs = atPs;
            Context.ScheduleTellOnce(new SimTime(atPs - Context.Now().Picoseconds), _setup.Fabric,
                new StartTransfer(f, _folios.FolioBytes, _setup.CopyBytesPerSec, _setup.CopyResources));
            return;
        }
        WaitUntil(atPs, _remapping);
    }

    /// <summary>The folio's CPU copy (folio_mc_copy() inside move_to_new_folio()) is done.</summary>
    private void OnFolioCopied()
    {
        var now = Context.Now().Picoseconds;
        _counters.CpuCopied(now - _copyStartPs);
        _folios.MarkCopied(_moving);
        _journal?.Copied(_moving, _copyStartPs, now);
        MigrateFolioMoves(RemoveMigrationPtes(_moving, now));
    }

    /// <summary>move_to_new_folio() bookkeeping and remove_migration_ptes() of folio <paramref name="f"/> from <paramref name="atPs"/>,
    /// never before its data is copied, then migrate_folio_done(); returns when the folio is accessible again.</summary>
    private long RemoveMigrationPtes(int f, long atPs)
    {
        if (!_folios.IsCopied(f)) throw new InvalidOperationException($"Folio {f} remapped before its data was copied");
        _journal?.RemapStarted(f, atPs);
        var donePs = atPs + Charge(_costs.Move, CpuPhase.Move);
        MigrateFolioDone(f, donePs);
        return donePs;
    }

    /// <summary>migrate_folio_done() at <paramref name="atPs"/>: the folio is accessible again.</summary>
    private void MigrateFolioDone(int f, long atPs)
    {
        _folios.MarkRemapped(f, atPs);
        _counters.Migrated();
        _journal?.Done(f, atPs, atPs - _folios.UnmappedAtPs(f));
        if (_firstDonePs >= 0) return;
        _firstDonePs = atPs;
        _firstFolioLatencyPs.Add(atPs - _batchStartPs);
    }

    /// <summary>End of a migrate_pages_batch() call: free unused destinations; in a sync call the folios that failed the async
    /// round (-EAGAIN leftovers, then -EBUSY ones, as migrate_pages_sync() lists them) each get a single-folio sync call.</summary>
    private void EndBatchCall()
    {
        if (_allocRemaining > 0) _setup.TargetNode.Tell(new FreeFolios(_allocRemaining, _folios.FolioBytes), Self);
        _allocRemaining = 0;
        if (!_stopAll)
        {
            foreach (var f in _passes.From)
            {
                if (_request.Mode == MigrateMode.Sync && !_passes.Single) _passes.QueueSingle(f);
                else Fail(f, Errno.EAGAIN);
            }
            foreach (var f in _passes.Busy) _passes.QueueSingle(f);
        }
        _journal?.BatchEnded(_counters.Batches - 1, _batchStartPs, Context.Now().Picoseconds, _firstDonePs, _counters, _folios.FolioBytes);
        if (!_stopAll && _passes.TryNextSingle())
        {
            MigratePagesBatch(NrMaxMigrateSyncRetry, single: true);
            return;
        }
        NextBatch();
    }

    /// <summary>migrate_pages() returns: folios never tried after an -ENOMEM stop fail with -ENOMEM; the report goes to the caller.</summary>
    private void Finish()
    {
        Become(Receive); // a kernel daemon calls migrate_pages() again and again
        var now = Context.Now().Picoseconds;
        // Sized once: a list grown and copied out would touch twice the memory, and fresh pages are what a short run pays for.
        // Sorted in a pooled array, kept as runs: a fresh array of every folio's time is pages the kernel faults in (see FolioList).
        var inaccessible = System.Buffers.ArrayPool<long>.Shared.Rent(_counters.Succeeded);
        var neverTried = 0;
        long bytes = 0;
        var succeeded = 0;
        for (var f = 0; f < _folios.Count; f++)
        {
            if (_folios.RemappedAtPs(f) >= 0)
            {
                bytes += _folios.FolioBytes;
                inaccessible[succeeded++] = _folios.RemappedAtPs(f) - _folios.UnmappedAtPs(f);
                continue;
            }
            if (_folios.Errno(f) != Errno.Success) continue;
            // Only an -ENOMEM stop leaves folios that were never tried.
            if (!_stopAll) throw new InvalidOperationException($"Folio {f} neither migrated nor failed");
            _folios.MarkFailed(f, Errno.ENOMEM);
            neverTried++;
        }
        if (succeeded != _counters.Succeeded) throw new InvalidOperationException($"{succeeded} folios remapped, {_counters.Succeeded} counted done");
        var pagesMigrated = (long)succeeded * _folios.PagesPerFolio;
        // The call's folios are done with: their arrays go back to the pool, and a late use of the list fails loudly.
        _folios.Dispose();
        _folios = null!;
        MigrationReport.SortInaccessible(inaccessible.AsSpan(0, succeeded));
        var times = InaccessibleTimes.FromSorted(inaccessible.AsSpan(0, succeeded));
        System.Buffers.ArrayPool<long>.Shared.Return(inaccessible);
        var report = new MigrationReport
        {
            BytesMoved = bytes,
            DurationPs = now - _startPs,
            FirstFolioLatencyPs = _firstFolioLatencyPs,
            InaccessiblePs = times,
            CpuPs = _counters.CpuByName(withCall: true),
            CopyPs = _counters.CopyPs,
            CpuCyclesPerPage = MigrationReport.CyclesPerPage(_counters.ThreadCpuPs, pagesMigrated, _setup.FrequencyGHz),
            Succeeded = succeeded,
            Failed = ReportNames.Failures(_counters.Failed(Errno.EAGAIN), _counters.Failed(Errno.EBUSY), _counters.Failed(Errno.ENOMEM) + neverTried),
            Fallbacks = ReportNames.Fallbacks(_counters.Fallbacks),
            Batches = _counters.Batches,
            Passes = _counters.Passes,
            TlbFlushes = _counters.Flushes,
        };
        _journal?.CallCompleted(new CallSummary(_startPs, now, _counters.CpuPs(CpuPhase.Call), neverTried));
        _requester.Tell(new MovePagesDone(report), Self);
    }

    private void Fail(int f, Errno errno)
    {
        _folios.MarkFailed(f, errno);
        _counters.FolioFailed(errno);
        _journal?.Failed(f, errno);
    }

    /// <summary>The thread works <paramref name="cost"/> in <paramref name="phase"/>, then goes on in <paramref name="next"/>.</summary>
    private void Spend(SimTime cost, CpuPhase phase, Receive next) => WaitUntil(Context.Now().Picoseconds + Charge(cost, phase), next);

    /// <summary>Counts <paramref name="cost"/> of the thread's CPU time in <paramref name="phase"/>; returns it in picoseconds.</summary>
    private long Charge(SimTime cost, CpuPhase phase)
    {
        _counters.Spent(phase, cost.Picoseconds);
        return cost.Picoseconds;
    }

    /// <summary>The thread's work charged up to <paramref name="atPs"/> ends then; it goes on in <paramref name="next"/>.</summary>
    private void WaitUntil(long atPs, Receive next)
    {
        Become(next);
        Context.ScheduleTellOnce(new SimTime(atPs - Context.Now().Picoseconds), Self, Continue.Instance);
    }
}
