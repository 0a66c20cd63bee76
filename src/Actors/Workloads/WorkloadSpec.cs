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
public sealed record WorkloadSpec(string Name, string Host, int Socket, ByteSize WorkingSet, ByteSize FolioSize, int Regions,
    double AccessesPerSecond, double Zipf, IReadOnlyList<WorkloadPhase> Phases, int Threads, bool Spread = false)
{
    /// <summary>Bytes each access moves: one cache line.</summary>
    public const int AccessBytes = 64;

    /// <summary>Folios of the working set.</summary>
    public long Folios => WorkingSet.Bytes / FolioSize.Bytes;
}

/// <summary>At <paramref name="At"/> the hot set moves: every region's popularity rank shifts by <paramref name="Shift"/> of the
/// regions (0.5: the hot half becomes the cold half).</summary>
public sealed record WorkloadPhase(SimTime At, double Shift);
