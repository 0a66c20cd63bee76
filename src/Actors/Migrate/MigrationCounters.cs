namespace ActorMigration.Actors.Migrate;

/// <summary>The running totals of one migrate_pages() call, which its report and each batch call's summary are made of: the
/// migrating thread's CPU time by phase, copy workers' and DMA channels' time, copy time, calls, passes, flushes, outcomes, fallbacks.</summary>
public sealed class MigrationCounters
{
    private readonly long[] _cpuPs = new long[Enum.GetValues<CpuPhase>().Length];
    private readonly Dictionary<CopyFallback, int> _fallbacks = [];
    private readonly int[] _failed = new int[3];

    /// <summary>CPU time of the migrating thread in <paramref name="phase"/> (ps).</summary>
    public long CpuPs(CpuPhase phase) => _cpuPs[(int)phase];

    /// <summary>The migrating thread's CPU time over all phases (ps).</summary>
    public long ThreadCpuPs => _cpuPs.Sum();

    /// <summary>CPU time of mtcopy's worker threads (ps).</summary>
    public long WorkerCpuPs { get; private set; }

    /// <summary>Busy time of DMA channels (ps).</summary>
    public long ChannelBusyPs { get; private set; }

    /// <summary>Virtual time during which data was moving (ps): per-folio copies, and the data part of batch copies.</summary>
    public long CopyPs { get; private set; }

    /// <summary>migrate_pages_batch() calls.</summary>
    public int Batches { get; private set; }

    /// <summary>Unmap passes over all batch calls.</summary>
    public int Passes { get; private set; }

    /// <summary>TLB flushes: batched ones and the immediate ones of PMD-mapped THPs.</summary>
    public int Flushes { get; private set; }

    /// <summary>Folios migrated.</summary>
    public int Succeeded { get; private set; }

    /// <summary>Folios that failed with <paramref name="errno"/> (never-tried folios after an -ENOMEM stop not included).</summary>
    public int Failed(Errno errno) => _failed[Slot(errno)];

    /// <summary>Batch copies that fell back for <paramref name="fallback"/>.</summary>
    public int Fallbacks(CopyFallback fallback) => _fallbacks.GetValueOrDefault(fallback);

    /// <summary>The thread worked <paramref name="ps"/> in <paramref name="phase"/>.</summary>
    public void Spent(CpuPhase phase, long ps) => _cpuPs[(int)phase] += ps;

    /// <summary>The thread copied one folio itself, for <paramref name="ps"/>: CPU time and data time alike.</summary>
    public void CpuCopied(long ps)
    {
        _cpuPs[(int)CpuPhase.Copy] += ps;
        CopyPs += ps;
    }

    /// <summary>A batch copy returned: its time on the thread, workers and channels, its data time, its fallback.</summary>
    public void BatchCopied(BatchCopied copied)
    {
        CopyPs += copied.DataCopyPs;
        _cpuPs[(int)CpuPhase.Copy] += copied.CallerCpuPs;
        WorkerCpuPs += copied.WorkerCpuPs;
        ChannelBusyPs += copied.ChannelBusyPs;
        if (copied.Fallback != CopyFallback.None) _fallbacks[copied.Fallback] = _fallbacks.GetValueOrDefault(copied.Fallback) + 1;
    }

    /// <summary>A migrate_pages_batch() call started.</summary>
    public void BatchStarted() => Batches++;

    /// <summary>An unmap pass started.</summary>
    public void PassStarted() => Passes++;

    /// <summary>A TLB flush was issued.</summary>
    public void Flushed() => Flushes++;

    /// <summary>A folio migrated.</summary>
    public void Migrated() => Succeeded++;

    /// <summary>A folio failed with <paramref name="errno"/>.</summary>
    public void FolioFailed(Errno errno) => _failed[Slot(errno)]++;

    /// <summary>The totals as they are now, for a later difference.</summary>
    public MigrationCounters Copy()
    {
        var copy = new MigrationCounters
        {
            WorkerCpuPs = WorkerCpuPs, ChannelBusyPs = ChannelBusyPs, CopyPs = CopyPs,
            Batches = Batches, Passes = Passes, Flushes = Flushes, Succeeded = Succeeded,
        };
        _cpuPs.CopyTo(copy._cpuPs, 0);
        _failed.CopyTo(copy._failed, 0);
        foreach (var (fallback, count) in _fallbacks) copy._fallbacks[fallback] = count;
        return copy;
    }

    /// <summary>CPU time by the report's names: the thread's phases (the per-call part only if <paramref name="withCall"/>), workers, channels.</summary>
    public SortedDictionary<string, long> CpuByName(bool withCall, MigrationCounters? since = null)
    {
        long Delta(long now, Func<MigrationCounters, long> of) => now - (since is null ? 0 : of(since));
        var cpu = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["unmap"] = Delta(CpuPs(CpuPhase.Unmap), c => c.CpuPs(CpuPhase.Unmap)),
            ["flush"] = Delta(CpuPs(CpuPhase.Flush), c => c.CpuPs(CpuPhase.Flush)),
            ["copy"] = Delta(CpuPs(CpuPhase.Copy), c => c.CpuPs(CpuPhase.Copy)),
            ["move"] = Delta(CpuPs(CpuPhase.Move), c => c.CpuPs(CpuPhase.Move)),
            ["workers"] = Delta(WorkerCpuPs, c => c.WorkerCpuPs),
            ["channels"] = Delta(ChannelBusyPs, c => c.ChannelBusyPs),
        };
        if (withCall) cpu["call"] = Delta(CpuPs(CpuPhase.Call), c => c.CpuPs(CpuPhase.Call));
        return cpu;
    }

    /// <summary>The fallbacks that happened since <paramref name="since"/>, by reason.</summary>
    public Dictionary<CopyFallback, int> FallbacksSince(MigrationCounters since) =>
        _fallbacks.Where(kv => kv.Value != since.Fallbacks(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value - since.Fallbacks(kv.Key));

    private static int Slot(Errno errno) => errno switch
    {
        Errno.EAGAIN => 0,
        Errno.EBUSY => 1,
        Errno.ENOMEM => 2,
        _ => throw new ArgumentOutOfRangeException(nameof(errno), errno, "Not a failure"),
    };
}
