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
/// one per memory controller that has a bandwidth, one per socket link, and per engine one per path (channels sharing it) and
/// one for the engine. A copy crosses its initiator's resources plus its route: the two controllers and the link between them.
/// </remarks>
public sealed class Machine
{
    private readonly List<(string Name, Bandwidth Capacity)> _resources = [];
    private readonly Dictionary<int, (int? Socket, int Controller)> _memory = [];
    private readonly Dictionary<(int, int), int> _links = [];
    private readonly Dictionary<(int, int), ResourceSet> _routes = [];
    private readonly string _prefix;

    private Machine(SimulationWorld world, string prefix, PlatformProfile profile, IReadOnlyList<MachineMemory> memory,
        IReadOnlyDictionary<int, IActorRef>? nodes, int sourceNode, int targetNode, IMigrationRecorder? recorder)
    {
        _prefix = prefix;
        Profile = profile;
        Recorder = recorder;
        SourceNode = sourceNode;
        TargetNode = targetNode;
        var cpuTotal = AddResource("cpu-copy", profile.CpuCopy.TotalCap);
        var pairs = new int[(profile.Cpu.LogicalCpus + 1) / 2];
        for (var p = 0; p < pairs.Length; p++) pairs[p] = AddResource($"core-pair{p}", profile.CpuCopy.PairCap);
        foreach (var m in memory) _memory[m.Id] = (m.Socket, m.Controller is { } bw ? AddResource($"mc{m.Id}", bw) : -1);
        foreach (var link in profile.Links) _links[(link.SocketA, link.SocketB)] = _links[(link.SocketB, link.SocketA)] = AddResource($"link{link.SocketA}-{link.SocketB}", link.Bandwidth);

        // What a copy crosses because of who runs it; the memory it goes between is its route, added per copy.
        CpuPaths = new CpuCopyPaths(
            profile.CpuCopy.Thread.BytesPerSecond,
            Enumerable.Range(0, profile.Cpu.LogicalCpus).Select(cpu => ResourceSet.Of(cpuTotal, pairs[cpu / 2])).ToArray());

        var channelResources = profile.Engines.Select(engine =>
        {
            var engineRes = AddResource($"{engine.Name}", engine.EngineCap);
            var paths = Enumerable.Range(0, (engine.Channels + engine.ChannelsPerPath - 1) / engine.ChannelsPerPath)
                .Select(p => AddResource($"{engine.Name}-path{p}", engine.PathCap)).ToArray();
            return Enumerable.Range(0, engine.Channels).Select(c =>
            {
                // With one descriptor in flight the channel's own rate is already its transfer's cap; deeper queues share it.
                int[] own = engine.InFlightPerChannel > 1 ? [AddResource($"{engine.Name}-ch{c}", engine.Channel)] : [];
                return ResourceSet.Of([.. own, paths[c / engine.ChannelsPerPath], engineRes]);
            }).ToArray();
        }).ToArray();

        Fabric = world.ActorOf(SimulationProps.Of(() => new BandwidthFabric(_resources)), prefix + "fabric");
        Nodes = nodes ?? memory.ToDictionary(n => n.Id, n => world.ActorOf(SimulationProps.Of(() => new MemoryNode(n.Id, n.CapacityBytes)), $"{prefix}node{n.Id}"));
        Tlb = world.ActorOf(SimulationProps.Of(() => new TlbShootdown(profile.Kernel.TlbFlushBase, profile.Kernel.TlbFlushPerCpu)), prefix + "tlb");
        Registry = world.ActorOf(Props.Create<MigratorRegistry>(), prefix + "migrator-registry");
        Engines = profile.Engines.Select((engine, e) => new DmaEngine(engine, Enumerable.Range(0, engine.Channels)
            .Select(c => world.ActorOf(SimulationProps.Of(() => new DmaChannel(c, engine, Fabric, channelResources[e][c], profile.Dcbm.Iommu, recorder)), $"{prefix}{engine.Name}-ch{c}"))
            .ToArray())).ToArray();
    }

    /// <summary>Creates the machine's actors in <paramref name="world"/>, for migrations from <paramref name="sourceNode"/> to <paramref name="targetNode"/>.</summary>
    public static Machine Build(SimulationWorld world, PlatformProfile profile, int sourceNode, int targetNode, IMigrationRecorder? recorder = null)
    {
        foreach (var node in new[] { sourceNode, targetNode })
            if (profile.Nodes.All(n => n.Id != node))
                throw new ArgumentException($"Platform {profile.Name} has no memory node {node} (nodes: {string.Join(", ", profile.Nodes.Select(n => n.Id))})");
        var memory = profile.Nodes.Select(n => new MachineMemory(n.Id, n.Socket, n.Capacity.Bytes, n.Controller)).ToArray();
        return new Machine(world, "", profile, memory, null, sourceNode, targetNode, recorder);
    }

    /// <summary>Creates the actors of host <paramref name="host"/> of a tiered system (named after it), with <paramref name="profile"/>'s
    /// CPUs, kernel costs and copy engines, reaching <paramref name="memory"/> through the <paramref name="nodes"/> actors the
    /// system made (a pool's is shared by its hosts). Its tasks migrate between any two of those nodes.</summary>
    public static Machine BuildHost(SimulationWorld world, string host, PlatformProfile profile, IReadOnlyList<MachineMemory> memory,
        IReadOnlyDictionary<int, IActorRef> nodes, IMigrationRecorder? recorder = null) =>
        new(world, host + "-", profile, memory, nodes, -1, -1, recorder);

    /// <summary>What the names of this machine's actors start with: empty for a single-call run, "HOST-" for a host of a system.</summary>
    public string ActorPrefix => _prefix;

    /// <summary>The profile the machine was built from.</summary>
    public PlatformProfile Profile { get; }

    /// <summary>Where folios come from in a single-call run (-1 for a host of a tiered system).</summary>
    public int SourceNode { get; }

    /// <summary>Where folios go in a single-call run (-1 for a host of a tiered system).</summary>
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

    /// <summary>The wiring of a migrating task running on <paramref name="cpu"/>, moving folios from the machine's source node to its target.</summary>
    public MigratingTaskSetup TaskSetup(int cpu) => TaskSetup(cpu, SourceNode, TargetNode);

    /// <summary>The wiring of a migrating task running on <paramref name="cpu"/>, moving folios from <paramref name="source"/> to <paramref name="target"/>.</summary>
    public MigratingTaskSetup TaskSetup(int cpu, int source, int target)
    {
        var route = Route(source, target);
        return new MigratingTaskSetup(Fabric, Tlb, Registry, Nodes[target], target, Profile.Kernel, cpu,
            CpuPaths.ThreadBytesPerSec, CpuPaths.For(cpu).With(route), Profile.Cpu.TlbFlushTargetCpus, Profile.Cpu.FrequencyGHz, Recorder, route);
    }

    /// <summary>What a copy from <paramref name="source"/> to <paramref name="target"/> crosses whoever makes it: both memory
    /// controllers (those with a bandwidth) and the socket link between them.</summary>
    public ResourceSet Route(int source, int target)
    {
        if (_routes.TryGetValue((source, target), out var known)) return known;
        if (!_memory.TryGetValue(source, out var from) || !_memory.TryGetValue(target, out var to))
            throw new ArgumentException($"Machine {_prefix}: no memory node {(_memory.ContainsKey(source) ? target : source)} (nodes: {string.Join(", ", _memory.Keys.Order())})");
        List<int> route = [];
        if (from.Controller >= 0) route.Add(from.Controller);
        if (to.Controller >= 0 && target != source) route.Add(to.Controller);
        if (from.Socket is { } a && to.Socket is { } b && a != b && _links.TryGetValue((a, b), out var link)) route.Add(link);
        return _routes[(source, target)] = ResourceSet.Of([.. route]);
    }

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
            return world.ActorOf(SimulationProps.Of(() => new CopyWorker(cpu, through, CpuPaths.ThreadBytesPerSec, CpuPaths.For(cpu), Profile.MtCopy.Item, Recorder)), $"{_prefix}kworker{w}-cpu{cpu}");
        }).ToArray();
    }

    private int AddResource(string name, Bandwidth capacity)
    {
        _resources.Add((name, capacity));
        return _resources.Count - 1;
    }
}
