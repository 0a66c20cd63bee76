using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tiering;

/// <summary>A tiered run: its samples over time, its totals, and how it ran.</summary>
/// <param name="Samples">The counters at every sample time, cumulative.</param>
/// <param name="Totals">The counters at the end.</param>
/// <param name="TraceHash">The trace hash of the run.</param>
/// <param name="Events">Messages delivered.</param>
/// <param name="Offlines">Each memory offline of the scenario, as it stood at the end.</param>
public sealed record TieringResult(IReadOnlyList<TieringSample> Samples, TieringSample Totals, ulong TraceHash, long Events, IReadOnlyList<OfflineSample> Offlines);

/// <summary>A memory offline of <paramref name="Node"/> asked for at <paramref name="AtPs"/>: its <paramref name="Result"/> (offlined,
/// EBUSY, EINTR, or retrying / pending at the end of the run) and <paramref name="Reason"/>, when it returned (-1: not yet), its
/// rounds, the folios it migrated and those the last round left.</summary>
public sealed record OfflineSample(int Node, long AtPs, long EndPs, string Result, string Reason, long Rounds, long Migrated, long FoliosLeft);

/// <summary>The counters at <paramref name="Time"/>, cumulative from the start.</summary>
public sealed record TieringSample(
    SimTime Time,
    IReadOnlyList<NodeSample> Nodes,
    IReadOnlyList<CallerSample> Callers,
    IReadOnlyList<WorkloadSample> Workloads,
    IReadOnlyList<EngineSample> Engines,
    IReadOnlyList<GpuSample> Gpus);

/// <summary>A node at a sample time.</summary>
public sealed record NodeSample(int Node, int Tier, long CapacityBytes, long UsedBytes, double TrafficBytes, IReadOnlyDictionary<string, long> Vmstat);

/// <summary>A caller at a sample time: migrate_pages() calls and folios; percentiles in picoseconds of each migrated folio's
/// inaccessible time and, for callers acting in rounds (a syscall), of a round's latency.</summary>
public sealed record CallerSample(string Caller, long Calls, long Folios, long Succeeded, long Failed, long CpuPs, long InaccessibleP50Ps, long InaccessibleP99Ps,
    long Rounds, long RoundP50Ps, long RoundP99Ps);

/// <summary>A workload at a sample time.</summary>
public sealed record WorkloadSample(string Workload, double Accesses, double FastAccesses, double StallSeconds, double IdealStallSeconds, double MigrationStallSeconds)
{
    /// <summary>Memory stall over what it had been with every access on its local DRAM, idle.</summary>
    public double Slowdown => IdealStallSeconds == 0 ? 1 : StallSeconds / IdealStallSeconds;

    /// <summary>Share of accesses that hit the top tier.</summary>
    public double FastTierHitRatio => Accesses == 0 ? 0 : FastAccesses / Accesses;
}

/// <summary>A host's copy engines at a sample time: busy time summed over channels, and the channels.</summary>
public sealed record EngineSample(string Host, int Channels, long ChannelBusyPs, long WorkerBusyPs);

/// <summary>A GPU at a sample time: bytes its driver moved in and out of its memory by trigger (<see cref="Gpu.GpuCounters.Bytes"/>),
/// its SDMA ring's busy time and windows, its kernels and their time, and reservations refused with -ENOSPC.</summary>
public sealed record GpuSample(string Gpu, int Node, IReadOnlyDictionary<string, long> Bytes, long SdmaBusyPs, long SdmaWindows, long Kernels, long KernelPs,
    long Enospc);
