using ActorMigration.Contracts.Units;

namespace ActorMigration.Contracts.Platform;

/// <summary>A machine to emulate: topology, the kernel's per-operation costs on it, its copy paths and DMA engines.</summary>
/// <remarks>Loaded from <c>config/platforms/NAME.yaml</c> by <see cref="PlatformProfileReader"/>; every value there has a unit.</remarks>
public sealed record PlatformProfile(
    string Name,
    string Description,
    CpuTopology Cpu,
    IReadOnlyList<MemoryNodeSpec> Nodes,
    KernelCosts Kernel,
    CpuCopySpec CpuCopy,
    MtCopySpec MtCopy,
    DcbmSpec Dcbm,
    IReadOnlyList<EngineSpec> Engines,
    IReadOnlyList<SocketLinkSpec> Links,
    string SourceFile,
    string SourceText);

/// <summary>Sockets, cores and SMT threads; the clock converts virtual time to cycles in reports.</summary>
public sealed record CpuTopology(int Sockets, int DiesPerSocket, int CoresPerDie, int ThreadsPerCore, double FrequencyGHz, int TlbFlushTargetCpus)
{
    /// <summary>Logical CPUs in the machine.</summary>
    public int LogicalCpus => Sockets * DiesPerSocket * CoresPerDie * ThreadsPerCore;
}

/// <summary>A NUMA node: the socket it hangs off, its capacity, its tier, and its memory controller's bandwidth (null: never the bottleneck).</summary>
public sealed record MemoryNodeSpec(int Id, int Socket, ByteSize Capacity, string Tier, Bandwidth? Controller);

/// <summary>The link between two sockets (xGMI, UPI): every copy between their nodes, by CPU or engine, shares its bandwidth.</summary>
public sealed record SocketLinkSpec(int SocketA, int SocketB, Bandwidth Bandwidth)
{
    /// <summary>True when this link joins <paramref name="a"/> and <paramref name="b"/>, in either direction.</summary>
    public bool Joins(int a, int b) => (SocketA == a && SocketB == b) || (SocketA == b && SocketB == a);
}

/// <summary>Serial kernel work on the migrating thread (mm/migrate.c), per call, batch, folio and PTE; and the syscalls' own work
/// around migrate_pages(): per entry, finding and isolating the folio (add_page_for_migration()), and storing its status.</summary>
public sealed record KernelCosts(
    SimTime MovePagesFixed,
    SimTime MigratePagesCall,
    SimTime Batch,
    SimTime Folio,
    SimTime Pte,
    SimTime PmdFolio,
    SimTime AllocBuddyExtra,
    double UnmapShare,
    SimTime TlbFlushBase,
    SimTime TlbFlushPerCpu,
    SimTime PageLookup,
    SimTime StatusStore);

/// <summary>CPU copy paths: one thread's rate, two threads sharing a core pair, and all CPU-initiated cross-socket copies.</summary>
public sealed record CpuCopySpec(Bandwidth Thread, Bandwidth PairCap, Bandwidth TotalCap);

/// <summary>The multi-threaded CPU migrator's costs.</summary>
public sealed record MtCopySpec(SimTime DispatchPerWorker, SimTime BuildItem, SimTime Item, SimTime Completion);

/// <summary>The DMA core batch migrator's CPU-side costs.</summary>
public sealed record DcbmSpec(
    int MaxChannels,
    SimTime ChannelSetup,
    SimTime SgEntry,
    IommuMode Iommu,
    SimTime IommuMapPerPage,
    SimTime IommuMapPerEntry,
    SimTime DescriptorPrep,
    SimTime Completion,
    ByteSize MinBatch);

/// <summary>How the IOMMU treats device DMA: passthrough maps nothing; translated maps every entry and stalls on IOTLB misses.</summary>
public enum IommuMode
{
    /// <summary>Identity mapping: no map cost, no IOTLB misses.</summary>
    Passthrough,
    /// <summary>DMA remapping: per-page map cost and IOTLB-miss stalls.</summary>
    Translated,
}

/// <summary>The families of DMA engine the model knows.</summary>
public enum EngineKind
{
    /// <summary>AMD PTDMA: one queue per device, descriptors run one after another.</summary>
    Ptdma,
    /// <summary>Intel DSA: deep work queues, batch descriptors, out-of-order completion.</summary>
    Dsa,
    /// <summary>SDXI: a generic data mover, one fast channel with a descriptor ring.</summary>
    Sdxi,
}

/// <summary>A DMA engine: its channels, how they queue descriptors and which paths they share.</summary>
public sealed record EngineSpec(
    string Name,
    EngineKind Kind,
    int Node,
    int Channels,
    int ChannelsPerPath,
    int InFlightPerChannel,
    int RingSize,
    Bandwidth Channel,
    Bandwidth PathCap,
    Bandwidth EngineCap,
    SimTime DescriptorOverhead,
    SimTime IotlbMiss,
    ByteSize MaxSegment,
    int BatchDescriptor,
    double ChannelErrorProbability);
