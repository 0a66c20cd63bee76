using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Workloads;

/// <summary>A process: its working set, how fast it touches memory and how that is spread over its pages.</summary>
/// <param name="Name">Its name, unique in the scenario.</param>
/// <param name="Host">The host it runs on.</param>
/// <param name="Socket">The socket its threads run on: its local DRAM node is where first touch allocates and promotion aims.</param>
/// <param name="WorkingSet">Bytes it has allocated and touches.</param>
/// <param name="FolioSize">The size of its folios (4K base pages, or THPs).</param>
/// <param name="Regions">How many equal regions its working set is sampled over: pages of a region are equally hot.</param>
/// <param name="AccessesPerSecond">Memory accesses (cache-line misses that reach memory) a second.</param>
/// <param name="Zipf">Exponent of the Zipf law over regions (0: uniform).</param>
/// <param name="Phases">When the hot set moves, and by how much.</param>
/// <param name="Threads">Its threads: each takes its own hint faults, and at most this many accesses wait on one folio at once.</param>
/// <param name="Spread">False: first touch in address order fills the nearest node, then the next (a process just started);
/// true: every region holds the nodes' shares of first touch (one that has run for a while, its pages shuffled between the
/// tiers), so any window of the address space has folios on each.</param>
/// <param name="Membind">Its memory policy, MPOL_BIND to these nodes: first touch allocates on them only, nearest first (the one way,
/// with <paramref name="CpusetSpm"/>, onto a specific-purpose node); null: the default policy, SysRAM nodes nearest first.</param>
/// <param name="CpusetSpm">Its cpuset's SPM mask: the specific-purpose nodes its default allocations may use too, at their distance.</param>
/// <param name="Pin">Folios held by a pin (get_user_pages(): I/O in flight, a registered buffer): none of them migrates while it holds.</param>
public sealed record WorkloadSpec(string Name, string Host, int Socket, ByteSize WorkingSet, ByteSize FolioSize, int Regions,
    double AccessesPerSecond, double Zipf, IReadOnlyList<WorkloadPhase> Phases, int Threads, bool Spread = false,
    IReadOnlyList<int>? Membind = null, IReadOnlyList<int>? CpusetSpm = null, WorkloadPin? Pin = null)
{
    /// <summary>Bytes each access moves: one cache line.</summary>
    public const int AccessBytes = 64;

    /// <summary>Folios of the working set.</summary>
    public long Folios => WorkingSet.Bytes / FolioSize.Bytes;
}

/// <summary>At <paramref name="At"/> the hot set moves: every region's popularity rank shifts by <paramref name="Shift"/> of the
/// regions (0.5: the hot half becomes the cold half).</summary>
public sealed record WorkloadPhase(SimTime At, double Shift);

/// <summary>Regions <paramref name="FromRegion"/> to <paramref name="ToRegion"/> (exclusive) of a workload are pinned until
/// <paramref name="Until"/> (null: the whole run): each such folio's refcount stays above what migration expects, so
/// folio_migrate_mapping() fails it with -EAGAIN on every pass of every migrate_pages() call.</summary>
public sealed record WorkloadPin(int FromRegion, int ToRegion, SimTime? Until)
{
    /// <summary>True when region <paramref name="region"/> is pinned at <paramref name="now"/>.</summary>
    public bool Holds(int region, SimTime now) => region >= FromRegion && region < ToRegion && (Until is not { } until || now < until);
}
