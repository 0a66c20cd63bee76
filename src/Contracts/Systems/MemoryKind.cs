namespace ActorMigration.Contracts.Systems;

/// <summary>What a NUMA memory node is made of.</summary>
public enum MemoryKind
{
    /// <summary>DRAM on a socket's memory controllers: a node with CPUs.</summary>
    Dram,

    /// <summary>A CXL Type-3 memory expander on one host: a memory-only node.</summary>
    CxlExpander,

    /// <summary>CXL memory behind a switch, shared by several hosts (Pond-like): a memory-only node on each of them.</summary>
    CxlPool,

    /// <summary>A GPU's memory that CPUs reach coherently (MEMORY_DEVICE_COHERENT, e.g. over xGMI): ZONE_DEVICE pages in no memory
    /// tier, placed by the GPU driver alone (migrate_vma), never by the kernel's policies.</summary>
    DeviceCoherent,
}
