using ActorMigration.Actors.Copy;
using ActorMigration.Actors.Cpu;
using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Platform;

/// <summary>The actors of one emulated machine, built from a <see cref="PlatformProfile"/>: memory nodes, the bandwidth fabric,
/// the TLB shootdown, DMA engines and their channels, and the migrator registry.</summary>
/// <remarks>
/// Fabric resources: the CPU copy path (all CPU-initiated copies), one per core pair (SMT siblings: logical CPUs 2k and 2k+1),
/// one per memory controller that has a bandwidth, the socket link between source and target, and per engine one per path
/// (channels sharing it) and one for the engine. A copy crosses its initiator's resources plus the controllers and the link.
/// </remarks>
public sealed class Machine
{
    private readonly List<(string Name, Bandwidth Capacity)> _resources = [];
    private readonly Dictionary<int, int> _controllerByNode = [];

    private Machine(SimulationWorld world, PlatformProfile profile, int sourceNode, int targetNode, IMigrationRecorder? recorder)
    {
        Profile = profile;
        Recorder = recorder;
        SourceNode = sourceNode;
        TargetNode = targetNode;
        var cpuTotal = AddResource("cpu-copy", profile.CpuCopy.TotalCap);
        var pairs = new int[(profile.Cpu.LogicalCpus + 1) / 2];
        for (var p = 0; p < pairs.Length; p++) pairs[p] = AddResource($"core-pair{p}", profile.CpuCopy.PairCap);
        foreach (var node in profile.Nodes)
            if (node.Controller is { } bw) _controllerByNode[node.Id] = AddResource($"mc{node.Id}", bw);
        // Shared by every copy of the run, whoever initiates it: the two memory controllers, and the socket link between them.
        var sourceSocket = profile.Nodes.First(n => n.Id == sourceNode).Socket;
        var targetSocket = profile.Nodes.First(n => n.Id == targetNode).Socket;
        var link = profile.Links.FirstOrDefault(l => l.Joins(sourceSocket, targetSocket));
        int[] shared =
        [
            .. new[] { sourceNode, targetNode }.Where(_controllerByNode.ContainsKey).Select(n => _controllerByNode[n]),
            .. link is null ? [] : new[] { AddResource($"link{link.SocketA}-{link.SocketB}", link.Bandwidth) },
        ];

        CpuPaths = new CpuCopyPaths(
            profile.CpuCopy.Thread.BytesPerSecond,
            Enumerable.Range(0, profile.Cpu.LogicalCpus).Select(cpu => ResourceSet.Of([cpuTotal, pairs[cpu / 2], .. shared])).ToArray());

        var channelResources = profile.Engines.Select(engine =>
        {
            var engineRes = AddResource($"{engine.Name}", engine.EngineCap);
            var paths = Enumerable.Range(0, (engine.Channels + engine.ChannelsPerPath - 1) / engine.ChannelsPerPath)
                .Select(p => AddResource($"{engine.Name}-path{p}", engine.PathCap)).ToArray();
            return Enumerable.Range(0, engine.Channels).Select(c =>
            {
                // With one descriptor in flight the channel's own rate is already its transfer's cap; deeper queues share it.
                int[] own = engine.InFlightPerChannel > 1 ? [AddResource($"{engine.Name}-ch{c}", engine.Channel)] : [];
                return ResourceSet.Of([.. own, paths[c / engine.ChannelsPerPath], engineRes, .. shared]);
            }).ToArray();
        }).ToArray();

        Fabric = world.ActorOf(SimulationProps.Of(() => new BandwidthFabric(_resources)), "fabric");
        Nodes = profile.Nodes.ToDictionary(n => n.Id, n => world.ActorOf(SimulationProps.Of(() => new MemoryNode(n.Id, n.Capacity.Bytes)), $"node{n.Id}"));
        Tlb = world.ActorOf(SimulationProps.Of(() => new TlbShootdown(profile.Kernel.TlbFlushBase, profile.Kernel.TlbFlushPerCpu)), "tlb");
        Registry = world.ActorOf(Props.Create<MigratorRegistry>(), "migrator-registry");
        Engines = profile.Engines.Select((engine, e) => new DmaEngine(engine, Enumerable.Range(0, engine.Channels)
            .Select(c => world.ActorOf(SimulationProps.Of(() => new DmaChannel(c, engine, Fabric, channelResources[e][c], profile.Dcbm.Iommu, recorder)), $"{engine.Name}-ch{c}"))
            .ToArray())).ToArray();
    }

    /// <summary>Creates the machine's actors in <paramref name="world"/>, for migrations from <paramref name="sourceNode"/> to <paramref name="targetNode"/>.</summary>
    public static Machine Build(SimulationWorld world, PlatformProfile profile, int sourceNode, int targetNode, IMigrationRecorder? recorder = null)
    {
        foreach (var node in new[] { sourceNode, targetNode })
            if (profile.Nodes.All(n => n.Id != node))
                throw new ArgumentException($"Platform {profile.Name} has no memory node {node} (nodes: {string.Join(", ", profile.Nodes.Select(n => n.Id))})");
        return new Machine(world, profile, sourceNode, targetNode, recorder);
    }

    /// <summary>The profile the machine was built from.</summary>
    public PlatformProfile Profile { get; }

    /// <summary>Where folios come from.</summary>
    public int SourceNode { get; }

    /// <summary>Where folios go.</summary>
    public int TargetNode { get; }

    /// <summary>The shared bandwidth of the machine.</summary>
    public IActorRef Fabric { get; }

    /// <summary>The memory node actors by node id.</summary>
    public IReadOnlyDictionary<int, IActorRef> Nodes { get; }

    /// <summary>The TLB shootdown.</summary>
    public IActorRef Tlb { get; }

    /// <summary>The migrator registry.</summary>
    public IActorRef Registry { get; }

    /// <summary>The DMA engines and their channels.</summary>
    public IReadOnlyList<DmaEngine> Engines { get; }

    /// <summary>How CPU copies cross the machine.</summary>
    public CpuCopyPaths CpuPaths { get; }

    /// <summary>The fabric's resource names, in index order (for reports).</summary>
    public IReadOnlyList<string> ResourceNames => _resources.Select(r => r.Name).ToArray();

    /// <summary>The wiring of a migrating task running on <paramref name="cpu"/>.</summary>
    public MigratingTaskSetup TaskSetup(int cpu) => new(
        Fabric, Tlb, Registry, Nodes[TargetNode], TargetNode, Profile.Kernel, cpu,
        CpuPaths.ThreadBytesPerSec, CpuPaths.For(cpu), Profile.Cpu.TlbFlushTargetCpus, Profile.Cpu.FrequencyGHz, Recorder);

    /// <summary>Who watches the run (journal, trace); null when nothing is recorded.</summary>
    public IMigrationRecorder? Recorder { get; }

    /// <summary>Creates <paramref name="count"/> mtcopy worker threads on the core pairs after the migrating thread's
    /// (<paramref name="placement"/>: SMT siblings packed together, or one per core), copying through <paramref name="fabric"/> (default: the machine's).</summary>
    public IActorRef[] SpawnCopyWorkers(SimulationWorld world, int count, WorkerPlacement placement, int taskCpu, IActorRef? fabric = null)
    {
        var through = fabric ?? Fabric;
        var cpus = Profile.Cpu.LogicalCpus;
        var first = (taskCpu / 2 + 1) * 2;
        return Enumerable.Range(0, count).Select(w =>
        {
            var cpu = (placement == WorkerPlacement.Packed ? first + w : first + 2 * w) % cpus;
            return world.ActorOf(SimulationProps.Of(() => new CopyWorker(cpu, through, CpuPaths.ThreadBytesPerSec, CpuPaths.For(cpu), Profile.MtCopy.Item, Recorder)), $"kworker{w}-cpu{cpu}");
        }).ToArray();
    }

    private int AddResource(string name, Bandwidth capacity)
    {
        _resources.Add((name, capacity));
        return _resources.Count - 1;
    }
}
