using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Systems;

/// <summary>One NUMA memory node of a system file.</summary>
/// <param name="Id">Its node id, unique in the system.</param>
/// <param name="Kind">DRAM, CXL expander or CXL pool.</param>
/// <param name="Hosts">The hosts that reach it: one, or a pool's several.</param>
/// <param name="Socket">The socket it hangs off on its host (DRAM, expander); null for a pool.</param>
/// <param name="Capacity">Its size.</param>
/// <param name="Latency">Idle load-to-use latency from its own socket (from any attached host for a pool).</param>
/// <param name="Bandwidth">Peak bandwidth; for a pool, that of one host's port to it (what one host can draw).</param>
/// <param name="LoadedLatency">Latency as a multiple of <paramref name="Latency"/> when its bandwidth is saturated.</param>
/// <param name="DeviceBandwidth">A pool's own bandwidth, shared by all its hosts' ports; null: only the ports limit.</param>
/// <param name="SpecificPurpose">Specific-purpose memory (EFI_MEMORY_SP, hot-added by dax/kmem as a node of its own): no default
/// allocation lands on it, only explicit placement (a bind policy, a cpuset's SPM mask).</param>
/// <param name="Gpu">For device-coherent memory, the GPU that owns it; null otherwise.</param>
public sealed record MemoryNodeSpec(int Id, MemoryKind Kind, IReadOnlyList<string> Hosts, int? Socket, ByteSize Capacity, SimTime Latency,
    Bandwidth Bandwidth, double LoadedLatency, Bandwidth? DeviceBandwidth = null, bool SpecificPurpose = false, GpuSpec? Gpu = null)
{
    /// <summary>What one attached host gets of the node's memory: all of it, or for a pool an equal slice (Pond assigns pool
    /// memory to hosts in slices; hosts never allocate from one another's).</summary>
    public long HostShareBytes => Capacity.Bytes / Hosts.Count;

    /// <summary>True for a node with CPUs (DRAM); expanders and pools are memory-only.</summary>
    public bool HasCpus => Kind == MemoryKind.Dram;
}
