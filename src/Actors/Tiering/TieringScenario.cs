using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tiering;

/// <summary>A tiered system running workloads for a span of virtual time, with the kernel's tiering callers at work.</summary>
public sealed record TieringScenario
{
    /// <summary>The scenario's name.</summary>
    public required string Name { get; init; }

    /// <summary>The machine: hosts, memory nodes, tiers.</summary>
    public required SystemSpec System { get; init; }

    /// <summary>Each host's calibrated platform (kernel costs, CPU copy, engines), by host name.</summary>
    public required IReadOnlyDictionary<string, PlatformProfile> Platforms { get; init; }

    /// <summary>How long the system runs.</summary>
    public required SimTime Duration { get; init; }

    /// <summary>The workloads' accounting step: accesses, stalls and node load are settled once per epoch.</summary>
    public SimTime Epoch { get; init; } = SimTime.FromMilliseconds(1);

    /// <summary>How often hosts exchange their traffic with a shared pool's device (a multiple of <see cref="Epoch"/>): the latency
    /// of every message between hosts, so the window of a run partitioned by host.</summary>
    public SimTime? PoolEpoch { get; init; }

    /// <summary>How often the reports' time series take a sample.</summary>
    public required SimTime Sample { get; init; }

    /// <summary>Seed of every random stream.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The migrator every host registers for the batch copy; null: none (every copy is the vanilla one).</summary>
    public CopySetting? Copy { get; init; }

    /// <summary>The reasons the registered migrator serves (the registry's mask).</summary>
    public IReadOnlySet<MigrateReason> CopyReasons { get; init; } = new HashSet<MigrateReason>(Enum.GetValues<MigrateReason>());

    /// <summary>NUMA balancing in memory tiering mode; null: off.</summary>
    public NumaBalancingSettings? NumaBalancing { get; init; }

    /// <summary>Demotion from reclaim (kswapd); null: off (<c>demotion_enabled</c> false).</summary>
    public DemotionSettings? Demotion { get; init; }

    /// <summary>Watermarks of every node.</summary>
    public int WatermarkScaleFactor { get; init; } = 10;

    /// <summary>The processes that run.</summary>
    public required IReadOnlyList<WorkloadSpec> Workloads { get; init; }

    /// <summary>The callers that act on a schedule: syscalls, DAMON schemes, kcompactd.</summary>
    public IReadOnlyList<PlannedCallerSpec> Planned { get; init; } = [];

    /// <summary>Memory offlines (memory hotplug), each of a whole node at a virtual time.</summary>
    public IReadOnlyList<MemoryOfflineSpec> Offlines { get; init; } = [];

    /// <summary>The workloads' requests to their GPUs (prefetches, kernels) and their host threads' touches and pins of device memory.</summary>
    public IReadOnlyList<HipRequest> Hip { get; init; } = [];
}

/// <summary>Offline every memory block of <paramref name="Node"/> at <paramref name="At"/>, as writing <c>offline</c> to their sysfs
/// state does; a signal ends the attempt <paramref name="Timeout"/> after it starts (as <c>timeout(1)</c> around the write), null: never.</summary>
public sealed record MemoryOfflineSpec(int Node, SimTime At, SimTime? Timeout);

/// <summary>A request <paramref name="Op"/> of workload <paramref name="Workload"/>'s GPU application.</summary>
public sealed record HipRequest(string Workload, Gpu.HipOp Op);

/// <summary>A scheduled caller and the workloads it works on (in turn), all of one host; it runs on the first CPU of
/// <paramref name="Socket"/>.</summary>
public sealed record PlannedCallerSpec(CallerPlan Plan, IReadOnlyList<string> Workloads, int Socket);

/// <summary>numa_balancing = 2 (NUMA_BALANCING_MEMORY_TIERING) and its sysctls.</summary>
/// <param name="ScanSize">numa_balancing_scan_size_mb: how much of an address space one scan window marks.</param>
/// <param name="ScanPeriodMin">numa_balancing_scan_period_min_ms: the least time a whole scan of a task takes (see <see cref="ScanWindow"/>).</param>
/// <param name="HotThreshold">numa_balancing_hot_threshold_ms: the hint-fault latency under which a page is hot.</param>
/// <param name="PromoteRateLimitBytesPerSec">numa_balancing_promote_rate_limit_MBps, per target node.</param>
/// <param name="AdjustPeriod">How often the hot threshold moves toward the rate limit (numa_balancing_scan_period_max_ms).</param>
/// <param name="RandomScanStart">False: each scanner starts at the beginning of its address space, as for a process just
/// started (mm->numa_scan_offset = 0); true: at a seeded random place, as for one that has run for a while.</param>
public sealed record NumaBalancingSettings(ByteSize ScanSize, SimTime ScanPeriodMin, SimTime HotThreshold, double PromoteRateLimitBytesPerSec,
    SimTime AdjustPeriod, bool RandomScanStart = false)
{
    /// <summary>The kernel's defaults: 256 MB windows, 1 s scan period, 1000 ms hot threshold, 65536 MB/s, 60 s.</summary>
    public static NumaBalancingSettings Default => new(ByteSize.FromMiB(256), SimTime.FromMilliseconds(1000), SimTime.FromMilliseconds(1000),
        65536.0 * (1 << 20), SimTime.FromSeconds(60));

    /// <summary>MAX_SCAN_WINDOW: the scanner marks at most 2560 MB a second.</summary>
    public const double MaxScanBytesPerSec = 2560.0 * (1 << 20);

    /// <summary>task_scan_min(): the time between two scan windows of a task with <paramref name="rssBytes"/> resident: the whole
    /// address space once per scan period, never faster than MAX_SCAN_WINDOW.</summary>
    public SimTime ScanWindow(long rssBytes)
    {
        var windows = Math.Max(1.0, (double)rssBytes / ScanSize.Bytes);
        var floor = ScanSize.Bytes / MaxScanBytesPerSec;
        return SimTime.FromNanoseconds(1e9 * Math.Max(floor, ScanPeriodMin.TotalSeconds / windows));
    }
}

/// <summary>Demotion in reclaim (<c>/sys/kernel/mm/numa/demotion_enabled</c>).</summary>
/// <param name="Batch">Folios per demote_folio_list() call: reclaim isolates SWAP_CLUSTER_MAX at a time.</param>
/// <param name="Backoff">How long kswapd sleeps after a round that freed nothing.</param>
/// <param name="Spm">What demotion does with specific-purpose nodes (the SPM proposal's default: never a target).</param>
public sealed record DemotionSettings(int Batch, SimTime Backoff, SpmDemotion Spm = SpmDemotion.Exclude)
{
    /// <summary>SWAP_CLUSTER_MAX = 32; kswapd waits HZ/10 when it makes no progress.</summary>
    public static DemotionSettings Default => new(32, SimTime.FromMilliseconds(100));
}
