using ActorMigration.Actors.Tiering;

namespace ActorMigration.Node.Reports;

/// <summary>A tiered run's counters over one span of virtual time, as rates: what <c>simulate</c>'s table, CSV time series and
/// plots show, computed here once. The samples are cumulative, so each interval is the difference of two of them.</summary>
/// <param name="EndSeconds">Virtual time at the interval's end, in seconds.</param>
/// <param name="Nodes">Per node: memory in use at the end, traffic and vmstat counters as rates.</param>
/// <param name="Callers">Per caller of migrate_pages(): what it did in the interval.</param>
/// <param name="Workloads">Per workload: its stall and hits over the interval.</param>
/// <param name="Engines">Per host: its copy engines' busy time over the interval.</param>
/// <param name="Gpus">Per GPU: what its driver moved in and out of its memory, and its copy engine's busy share.</param>
public sealed record TieringInterval(
    double EndSeconds,
    IReadOnlyList<NodeInterval> Nodes,
    IReadOnlyList<CallerInterval> Callers,
    IReadOnlyList<WorkloadInterval> Workloads,
    IReadOnlyList<EngineInterval> Engines,
    IReadOnlyList<GpuInterval> Gpus)
{
    /// <summary>Bytes of a base page, the unit of the vmstat counters.</summary>
    private const double PageBytes = 4096;

    /// <summary>Every sample interval of <paramref name="result"/>, the first from time zero.</summary>
    public static IReadOnlyList<TieringInterval> Of(TieringResult result) =>
        result.Samples.Select((s, i) => Between(i == 0 ? null : result.Samples[i - 1], s)).ToArray();

    /// <summary>The interval from <paramref name="start"/> to <paramref name="end"/>; a null start is time zero with every
    /// counter zero, so <c>Between(null, totals)</c> gives the whole run's rates.</summary>
    public static TieringInterval Between(TieringSample? start, TieringSample end)
    {
        var seconds = end.Time.TotalSeconds - (start?.Time.TotalSeconds ?? 0);
        return new TieringInterval(
            end.Time.TotalSeconds,
            end.Nodes.Select(n =>
            {
                var p = start?.Nodes.First(x => x.Node == n.Node);
                return new NodeInterval(n.Node, n.Tier, n.CapacityBytes, n.UsedBytes, Rate(n.TrafficBytes - (p?.TrafficBytes ?? 0), seconds) / 1e9,
                    TieringTelemetry.VmstatNames.ToDictionary(v => v, v => Mbps(n.Vmstat.GetValueOrDefault(v) - (p?.Vmstat.GetValueOrDefault(v) ?? 0), seconds)));
            }).ToArray(),
            end.Callers.Select(c =>
            {
                var p = start?.Callers.FirstOrDefault(x => x.Caller == c.Caller); // a caller appears at its first call
                return new CallerInterval(c.Caller, c.Calls - (p?.Calls ?? 0), c.Folios - (p?.Folios ?? 0), c.Succeeded - (p?.Succeeded ?? 0),
                    c.Failed - (p?.Failed ?? 0), (c.CpuPs - (p?.CpuPs ?? 0)) / 1e9);
            }).ToArray(),
            end.Workloads.Select(w =>
            {
                var p = start?.Workloads.First(x => x.Workload == w.Workload);
                var window = new WorkloadSample(w.Workload, w.Accesses - (p?.Accesses ?? 0), w.FastAccesses - (p?.FastAccesses ?? 0), w.StallSeconds - (p?.StallSeconds ?? 0),
                    w.IdealStallSeconds - (p?.IdealStallSeconds ?? 0), w.MigrationStallSeconds - (p?.MigrationStallSeconds ?? 0));
                return new WorkloadInterval(w.Workload, window.Slowdown, window.FastTierHitRatio, window.MigrationStallSeconds * 1e3);
            }).ToArray(),
            end.Engines.Select(e =>
            {
                var p = start?.Engines.First(x => x.Host == e.Host);
                var busySeconds = (e.ChannelBusyPs - (p?.ChannelBusyPs ?? 0)) / 1e12;
                return new EngineInterval(e.Host, e.Channels, e.Channels == 0 ? 0 : Rate(busySeconds, seconds) / e.Channels, (e.WorkerBusyPs - (p?.WorkerBusyPs ?? 0)) / 1e9);
            }).ToArray(),
            end.Gpus.Select(g =>
            {
                var p = start?.Gpus.First(x => x.Gpu == g.Gpu);
                long Bytes(string counter) => g.Bytes.GetValueOrDefault(counter) - (p?.Bytes.GetValueOrDefault(counter) ?? 0);
                return new GpuInterval(g.Gpu, g.Node, Bytes("prefetched"), Bytes("faulted_in"), Bytes("evicted"), Bytes("faulted_back"),
                    Bytes("pinned_back") + Bytes("prefetched_out"), Rate((g.SdmaBusyPs - (p?.SdmaBusyPs ?? 0)) / 1e12, seconds), g.SdmaWindows - (p?.SdmaWindows ?? 0),
                    g.Kernels - (p?.Kernels ?? 0), (g.KernelPs - (p?.KernelPs ?? 0)) / 1e9, g.Enospc - (p?.Enospc ?? 0));
            }).ToArray());
    }

    private static double Mbps(long pages, double seconds) => Rate(pages * PageBytes, seconds) / 1e6;

    // An empty interval (a run of zero duration) has no rate: zero, not a division by zero.
    private static double Rate(double amount, double seconds) => seconds == 0 ? 0 : amount / seconds;
}

/// <summary>A node over an interval.</summary>
/// <param name="Node">Its id.</param>
/// <param name="Tier">Its memory tier (abstract distance over the chunk size, as mm/memory-tiers.c).</param>
/// <param name="CapacityBytes">Its memory.</param>
/// <param name="UsedBytes">Bytes allocated on it at the interval's end.</param>
/// <param name="TrafficGbps">Bytes across its controller or port, in GB/s of 10⁹ bytes.</param>
/// <param name="VmstatMbps">Each vmstat counter (<see cref="TieringTelemetry.VmstatNames"/>) as MB/s of 10⁶ bytes of base pages.</param>
public sealed record NodeInterval(int Node, int Tier, long CapacityBytes, long UsedBytes, double TrafficGbps, IReadOnlyDictionary<string, double> VmstatMbps);

/// <summary>A caller of migrate_pages() over an interval: calls, folios passed, migrated and not, and its CPU time in ms.</summary>
public sealed record CallerInterval(string Caller, long Calls, long Folios, long Succeeded, long Failed, double CpuMs);

/// <summary>A workload over an interval: its slowdown (memory stall over the stall all on local DRAM, idle), its share of accesses
/// on the top tier, and its time waiting on migration in ms.</summary>
public sealed record WorkloadInterval(string Workload, double Slowdown, double FastTierHitRatio, double MigrationStallMs);

/// <summary>A host's copy engines over an interval: its DMA channels, their mean busy share, and its copy workers' busy time in ms.</summary>
public sealed record EngineInterval(string Host, int Channels, double ChannelUtilisation, double CopyWorkerMs);

/// <summary>A GPU over an interval: bytes its driver moved into its memory (prefetched, faulted in by the GPU) and out of it (evicted,
/// faulted back by CPUs, and otherwise: pins and prefetches elsewhere), its SDMA ring's busy share and windows, its kernels and
/// their time in ms (launch to end, faults included), and reservations refused with -ENOSPC.</summary>
public sealed record GpuInterval(string Gpu, int Node, long PrefetchedBytes, long FaultedInBytes, long EvictedBytes, long FaultedBackBytes, long OtherOutBytes,
    double CopyEngineUtilisation, long SdmaWindows, long Kernels, double KernelMs, long Enospc);
