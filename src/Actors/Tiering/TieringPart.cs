using ActorMigration.Actors.Gpu;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>A world holding some shards of a <see cref="TieringScenario"/>'s system (all of them in a one-process run): for each
/// host it holds, its memory nodes (a pool's slice included, a GPU for a device-coherent node), machine, bus, workloads, kswapd, NUMA
/// balancing, planned callers, memory offlines of its nodes, and its GPU driver with the workloads' HIP applications; the pools'
/// devices when it holds the pool shard; stand-ins for the devices it does not hold.</summary>
/// <remarks>Every shard's actors are created in the same order whichever shards a world holds, and every shard counts its own
/// telemetry, so a partitioned run and a one-process run number, order, hash and count alike (see <see cref="TieringShards"/>).</remarks>
public sealed class TieringPart : IDisposable
{
    private TieringPart(SimulationWorld world, IReadOnlyDictionary<int, TieringTelemetry> telemetry)
    {
        World = world;
        Telemetry = telemetry;
    }

    /// <summary>The world.</summary>
    public SimulationWorld World { get; }

    /// <summary>The counters of each host shard this world holds, by shard.</summary>
    public IReadOnlyDictionary<int, TieringTelemetry> Telemetry { get; }

    /// <summary>Builds the actors of <paramref name="shards"/> in a fresh world seeded with the scenario's seed.</summary>
    public static TieringPart Build(TieringScenario scenario, IReadOnlySet<int> shards)
    {
        var world = SimulationWorld.Create("tiering", scenario.Seed);
        try
        {
            return Populate(world, scenario, shards);
        }
        catch
        {
            world.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose() => World.Dispose();

    private static TieringPart Populate(SimulationWorld world, TieringScenario scenario, IReadOnlySet<int> shards)
    {
        var system = scenario.System;
        var tiers = TieringSimulation.Tiers(scenario);
        var marks = system.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(system, n, scenario.WatermarkScaleFactor));
        var (placements, used) = TieringSimulation.FirstTouch(scenario, marks);
        var hostShard = system.Hosts.Select((h, i) => (h.Name, i)).ToDictionary(x => x.Name, x => x.i);
        bool Holds(string host) => shards.Contains(hostShard[host]);
        IActorRef Create(int shard, Props props, string name)
        {
            world.UseShard(shard);
            return world.ActorOf(props, name);
        }
        var telemetry = system.Hosts.Where(h => Holds(h.Name)).ToDictionary(h => hostShard[h.Name], _ => new TieringTelemetry());
        foreach (var ((node, host), bytes) in used)
            if (Holds(host)) telemetry[hostShard[host]].Node(node).UsedBytes = bytes;
        // A pool gives each host a slice of its own: one node actor per host, so hosts never allocate through one another.
        var nodes = used.Keys.Where(k => Holds(k.Host)).ToDictionary(k => k, k =>
        {
            var spec = system.Nodes.First(n => n.Id == k.Node);
            var shard = hostShard[k.Host];
            // A GPU owns its device memory: the driver reserves there through it.
            if (spec.Gpu is { } gpu)
                return Create(shard, SimulationProps.Of(() => new Gpu.Gpu(gpu, k.Node, spec.Capacity.Bytes, telemetry[shard].Gpu(gpu.Name))), gpu.Name);
            var name = spec.Kind == MemoryKind.CxlPool ? $"node{k.Node}-{k.Host}" : $"node{k.Node}";
            return Create(shard, SimulationProps.Of(() => new MemoryNode(k.Node, spec.HostShareBytes, used[k])), name);
        });
        var hosts = system.Hosts.Where(h => Holds(h.Name)).ToArray();
        var machines = hosts.ToDictionary(h => h.Name, h =>
        {
            world.UseShard(hostShard[h.Name]);
            return Machine.BuildHost(world, h.Name, HostProfile.For(h, scenario.Platforms[h.Name]),
                HostNodes(system, h).Select(n => new MachineMemory(n.Id, n.Socket, n.HostShareBytes, n.Bandwidth)).ToArray(),
                HostNodes(system, h).ToDictionary(n => n.Id, n => nodes[(n.Id, h.Name)]));
        });
        var flow = CopyFlow.Vanilla;
        if (scenario.Copy is { Mode: not CopyMode.Vanilla } copy)
        {
            flow = CopyFlow.BatchCopy;
            // Every machine up first, so each host registers with its machine alike whether or not others were built beside it.
            world.Run();
            foreach (var host in hosts)
            {
                world.UseShard(hostShard[host.Name]);
                Register(world, machines[host.Name], copy, scenario.CopyReasons);
            }
        }

        var poolEpoch = scenario.PoolEpoch ?? scenario.Epoch;
        var pool = TieringShards.PoolShard(system);
        if (TieringShards.Lookahead(scenario) is { } lookahead) world.Lookahead = lookahead;
        var devices = system.Nodes.Where(n => n.DeviceBandwidth is not null).ToDictionary(n => n.Id, n => shards.Contains(pool)
            ? Create(pool, SimulationProps.Of(() => new PoolDevice(n.Id, n.DeviceBandwidth!.Value.BytesPerSecond, poolEpoch,
                SimTime.FromPicoseconds(scenario.Epoch.Picoseconds * 3 / 4))), TieringShards.DeviceName(n.Id))
            : world.StandIn(TieringShards.DeviceName(n.Id)));
        var buses = hosts.ToDictionary(h => h.Name, h => Create(hostShard[h.Name], SimulationProps.Of(() => new MemoryBus(
            HostNodes(system, h).Select(n => new BusNode(n.Id, n.Bandwidth.BytesPerSecond, n.LoadedLatency, devices.GetValueOrDefault(n.Id))).ToArray(),
            scenario.Epoch, poolEpoch, telemetry[hostShard[h.Name]])), TieringShards.BusName(h.Name)));
        var workloads = scenario.Workloads.Select((spec, i) => Holds(spec.Host)
            ? StartWorkload(world, hostShard[spec.Host], scenario, spec, placements[i], tiers, machines[spec.Host], buses[spec.Host], telemetry[hostShard[spec.Host]])
            : null).ToArray();

        var kswapd = new Dictionary<int, IActorRef>();
        if (scenario.Demotion is { } demotion)
            foreach (var node in system.Nodes.Where(n => n.Kind != MemoryKind.CxlPool && tiers.DemotionTargets(n.Id).Count > 0 && Holds(n.Hosts[0])))
            {
                var host = system.Hosts.First(h => h.Name == node.Hosts[0]);
                var machine = machines[host.Name];
                var reaching = workloads.Where(w => w?.Spec.Host == host.Name).Select(w => w!).ToArray();
                var cpu = SocketCpus(machine, node.Socket ?? 0)[0];
                var shard = hostShard[host.Name];
                kswapd[node.Id] = Create(shard, SimulationProps.Of(() => new Kswapd(node.Id, tiers.DemotionTargets(node.Id)[0], cpu, marks[node.Id],
                    scenario.NumaBalancing is not null, reaching, machine, demotion, buses[host.Name], flow, telemetry[shard])), $"kswapd{node.Id}");
            }
        if (scenario.NumaBalancing is { } numa && tiers.Tiers.Count > 1)
            foreach (var host in hosts)
            {
                var mine = workloads.Where(w => w?.Spec.Host == host.Name).Select(w => w!).ToArray();
                if (mine.Length == 0) continue;
                var targets = mine.Select(w => w.LocalNode).Distinct().Order()
                    .ToDictionary(n => n, n => (system.Nodes.First(x => x.Id == n).HostShareBytes, marks[n]));
                var shard = hostShard[host.Name];
                Create(shard, SimulationProps.Of(() => new NumaBalancing(machines[host.Name], numa, mine, targets, kswapd, buses[host.Name], flow, telemetry[shard])),
                    $"{host.Name}-numa-balancing");
            }

        foreach (var (planned, i) in scenario.Planned.Select((p, i) => (p, i)))
        {
            var host = scenario.Workloads.First(w => w.Name == planned.Workloads[0]).Host;
            if (!Holds(host)) continue;
            var mine = planned.Workloads.Select(name => workloads.First(w => w?.Spec.Name == name)!).ToArray();
            var cpu = SocketCpus(machines[host], planned.Socket)[0];
            var shard = hostShard[host];
            Create(shard, SimulationProps.Of(() => new PlannedCaller(planned.Plan, mine, cpu, machines[host], buses[host], flow, telemetry[shard])), $"{planned.Plan.Name}{i}");
        }

        foreach (var (offline, i) in scenario.Offlines.Select((o, i) => (o, i)))
        {
            // Memory offline, run from the node's socket; a node with CPUs holds unmovable kernel memory.
            var node = system.Nodes.First(n => n.Id == offline.Node);
            var host = node.Hosts[0];
            if (!Holds(host)) continue;
            var targets = TieringSimulation.OfflineTargets(system, node, marks);
            var mine = workloads.Where(w => w?.Spec.Host == host).Select(w => w!).ToArray();
            var cpu = SocketCpus(machines[host], node.Socket ?? 0)[0];
            var shard = hostShard[host];
            Create(shard, SimulationProps.Of(() => new OfflinePages(node.Id, node.HasCpus, offline.At, offline.Timeout, targets, mine, cpu, machines[host], buses[host],
                flow, telemetry[shard])), $"offline{i}-node{node.Id}");
        }

        // On each host with GPUs: the GPU driver (amdkfd's SVM), and an application per workload with HIP requests.
        foreach (var host in hosts)
        {
            var gpus = HostNodes(system, host).Where(n => n.Gpu is not null).ToDictionary(n => n.Id, n => n.Gpu!);
            if (gpus.Count == 0) continue;
            var machine = machines[host.Name];
            var mine = workloads.Where(w => w?.Spec.Host == host.Name).Select(w => w!).ToArray();
            var shard = hostShard[host.Name];
            var driver = Create(shard, SimulationProps.Of(() => new KfdSvm(machine, gpus.ToDictionary(g => g.Key, g => (g.Value, machine.Nodes[g.Key])), mine,
                buses[host.Name], telemetry[shard])), $"{host.Name}-kfd");
            foreach (var w in mine)
                if (scenario.Hip.Where(op => op.Workload == w.Spec.Name).Select(op => op.Op).ToArray() is { Length: > 0 } schedule)
                    Create(shard, SimulationProps.Of(() => new HipApplication(w, driver, gpus, schedule, telemetry[shard])), $"{w.Spec.Name}-hip");
        }
        return new TieringPart(world, telemetry);
    }

    private static TieringWorkload StartWorkload(SimulationWorld world, int shard, TieringScenario scenario, WorkloadSpec spec,
        IReadOnlyList<(int Node, long Folios)> placement, MemoryTiers tiers, Machine machine, IActorRef bus, TieringTelemetry telemetry)
    {
        var system = scenario.System;
        var host = system.Hosts.First(h => h.Name == spec.Host);
        var hostNodes = HostNodes(system, host);
        var nodes = hostNodes.Select(n => new HostNode(n.Id, system.Latency(host.Name, spec.Socket, n)!.Value, tiers.TopTierNodes.Contains(n.Id),
            n.Kind == MemoryKind.DeviceCoherent)).ToArray();
        var slots = placement.Select(p => (Array.FindIndex(nodes, n => n.Id == p.Node), p.Folios)).ToArray();
        var setup = new WorkloadSetup(nodes, slots, bus, scenario.Epoch, telemetry);
        world.UseShard(shard);
        var actor = world.ActorOf(SimulationProps.Of(() => new Workload(spec, setup)), spec.Name);
        // Promotion aims at the node of the faulting CPU: the workload's socket's DRAM.
        var local = hostNodes.Where(n => n.HasCpus && n.Socket == spec.Socket).Select(n => n.Id).DefaultIfEmpty(hostNodes.First(n => n.HasCpus).Id).First();
        return new TieringWorkload(spec, actor, local, SocketCpus(machine, spec.Socket));
    }

    private static void Register(SimulationWorld world, Machine machine, CopySetting copy, IReadOnlySet<MigrateReason> reasons)
    {
        var registered = machine.Registry.Ask<MigratorRegistered>(new RegisterMigrator(MigratorFactory.Create(world, machine, copy), reasons));
        world.Run();
        if (!registered.IsCompletedSuccessfully || registered.Result.Result != Errno.Success)
            throw new InvalidOperationException($"Registering the {copy.Mode} migrator on {machine.ActorPrefix.TrimEnd('-')} failed");
    }

    /// <summary>One logical CPU per core of <paramref name="socket"/> (SMT siblings are CPUs 2k and 2k+1).</summary>
    private static int[] SocketCpus(Machine machine, int socket)
    {
        var cpu = machine.Profile.Cpu;
        var perSocket = cpu.LogicalCpus / cpu.Sockets;
        return Enumerable.Range(0, perSocket / cpu.ThreadsPerCore).Select(core => socket * perSocket + core * cpu.ThreadsPerCore).ToArray();
    }

    private static MemoryNodeSpec[] HostNodes(SystemSpec system, HostSpec host) => TieringSimulation.HostNodes(system, host);
}
