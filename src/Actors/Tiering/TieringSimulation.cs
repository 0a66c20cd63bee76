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

/// <summary>Runs a <see cref="TieringScenario"/>: memory nodes, one machine per host (its fabric, TLB, engines and registered
/// migrator), a memory bus per host, the workloads, kswapd per node that can demote and NUMA balancing per host, a GPU per
/// device-coherent node with the GPU driver of its host and the workloads' HIP requests; then the system for its duration,
/// sampling the counters as it goes.</summary>
public static class TieringSimulation
{
    /// <summary>Runs <paramref name="scenario"/> in a fresh simulation system seeded with its seed; <paramref name="progress"/>
    /// hears of every sample taken.</summary>
    public static TieringResult Run(TieringScenario scenario, Action<SimTime>? progress = null)
    {
        var system = scenario.System;
        var tiers = new MemoryTiers(system, scenario.Demotion?.Spm ?? SpmDemotion.Exclude);
        var marks = system.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(system, n, scenario.WatermarkScaleFactor));
        var (placements, used) = FirstTouch(scenario, marks);
        var telemetry = new TieringTelemetry();
        using var world = SimulationWorld.Create("tiering", scenario.Seed);
        foreach (var n in system.Nodes) telemetry.Node(n.Id).UsedBytes = used.Where(u => u.Key.Node == n.Id).Sum(u => u.Value);
        // A pool gives each host a slice of its own: one node actor per host, so hosts never allocate through one another.
        var nodes = used.Keys.ToDictionary(k => k, k =>
        {
            var spec = system.Nodes.First(n => n.Id == k.Node);
            // A GPU owns its device memory: the driver reserves there through it.
            if (spec.Gpu is { } gpu) return world.ActorOf(SimulationProps.Of(() => new Gpu.Gpu(gpu, k.Node, spec.Capacity.Bytes, telemetry.Gpu(gpu.Name))), gpu.Name);
            var name = spec.Kind == MemoryKind.CxlPool ? $"node{k.Node}-{k.Host}" : $"node{k.Node}";
            return world.ActorOf(SimulationProps.Of(() => new MemoryNode(k.Node, spec.HostShareBytes, used[k])), name);
        });
        var machines = system.Hosts.ToDictionary(h => h.Name, h => Machine.BuildHost(world, h.Name, HostProfile.For(h, scenario.Platforms[h.Name]),
            HostNodes(system, h).Select(n => new MachineMemory(n.Id, n.Socket, n.HostShareBytes, n.Bandwidth)).ToArray(),
            HostNodes(system, h).ToDictionary(n => n.Id, n => nodes[(n.Id, h.Name)])));
        var flow = CopyFlow.Vanilla;
        if (scenario.Copy is { Mode: not CopyMode.Vanilla } copy)
        {
            flow = CopyFlow.BatchCopy;
            foreach (var host in system.Hosts) Register(world, machines[host.Name], copy, scenario.CopyReasons);
        }

        var poolEpoch = scenario.PoolEpoch ?? scenario.Epoch;
        var devices = system.Nodes.Where(n => n.DeviceBandwidth is not null).ToDictionary(n => n.Id, n => world.ActorOf(SimulationProps.Of(() =>
            new PoolDevice(n.Id, n.DeviceBandwidth!.Value.BytesPerSecond, poolEpoch, SimTime.FromPicoseconds(scenario.Epoch.Picoseconds * 3 / 4))), $"pool{n.Id}"));
        var buses = system.Hosts.ToDictionary(h => h.Name, h => world.ActorOf(SimulationProps.Of(() => new MemoryBus(
            HostNodes(system, h).Select(n => new BusNode(n.Id, n.Bandwidth.BytesPerSecond, n.LoadedLatency, devices.GetValueOrDefault(n.Id))).ToArray(),
            scenario.Epoch, poolEpoch, telemetry)), $"{h.Name}-bus"));
        var workloads = scenario.Workloads.Select((spec, i) => StartWorkload(world, scenario, spec, placements[i], tiers, machines[spec.Host], buses[spec.Host], telemetry)).ToArray();

        var kswapd = new Dictionary<int, IActorRef>();
        if (scenario.Demotion is { } demotion)
            foreach (var node in system.Nodes.Where(n => n.Kind != MemoryKind.CxlPool && tiers.DemotionTargets(n.Id).Count > 0))
            {
                var host = system.Hosts.First(h => h.Name == node.Hosts[0]);
                var machine = machines[host.Name];
                var reaching = workloads.Where(w => w.Spec.Host == host.Name).ToArray();
                var cpu = SocketCpus(machine, node.Socket ?? 0)[0];
                kswapd[node.Id] = world.ActorOf(SimulationProps.Of(() => new Kswapd(node.Id, tiers.DemotionTargets(node.Id)[0], cpu, marks[node.Id],
                    scenario.NumaBalancing is not null, reaching, machine, demotion, buses[host.Name], flow, telemetry)), $"kswapd{node.Id}");
            }
        if (scenario.NumaBalancing is { } numa && tiers.Tiers.Count > 1)
            foreach (var host in system.Hosts)
            {
                var mine = workloads.Where(w => w.Spec.Host == host.Name).ToArray();
                if (mine.Length == 0) continue;
                var targets = mine.Select(w => w.LocalNode).Distinct().Order()
                    .ToDictionary(n => n, n => (system.Nodes.First(x => x.Id == n).HostShareBytes, marks[n]));
                world.ActorOf(SimulationProps.Of(() => new NumaBalancing(machines[host.Name], numa, mine, targets, kswapd, buses[host.Name], flow, telemetry)),
                    $"{host.Name}-numa-balancing");
            }

        foreach (var (planned, i) in scenario.Planned.Select((p, i) => (p, i)))
        {
            var mine = planned.Workloads.Select(name => workloads.First(w => w.Spec.Name == name)).ToArray();
            var host = mine[0].Spec.Host;
            var cpu = SocketCpus(machines[host], planned.Socket)[0];
            world.ActorOf(SimulationProps.Of(() => new PlannedCaller(planned.Plan, mine, cpu, machines[host], buses[host], flow, telemetry)), $"{planned.Plan.Name}{i}");
        }

        foreach (var (offline, i) in scenario.Offlines.Select((o, i) => (o, i)))
            StartOffline(world, scenario, offline, i, marks, machines, buses, workloads, flow, telemetry);

        StartGpuDrivers(world, scenario, machines, buses, workloads, telemetry);

        var samples = new List<TieringSample>();
        for (var t = scenario.Sample; t <= scenario.Duration; t += scenario.Sample)
        {
            world.RunUntil(t);
            samples.Add(Snapshot(t, scenario, tiers, telemetry));
            progress?.Invoke(t);
        }
        var offlines = telemetry.Offlines.Select(o => new OfflineSample(o.Node, o.AtPs, o.EndPs, o.Result, o.Reason, o.Rounds, o.Migrated, o.FoliosLeft)).ToArray();
        return new TieringResult(samples, samples[^1], world.TraceHash, world.DeliveredCount, offlines);
    }

    /// <summary>Where first touch puts each workload's folios: on the nodes of its host its policy allows (<see cref="AllowedNodes"/>)
    /// nearest its socket, each filled down to its low watermark, in scenario order; and the bytes that leaves in use on each node, per host for a pool's slices. Throws when
    /// a working set fits nowhere.</summary>
    public static (IReadOnlyList<(int Node, long Folios)>[] Placements, IReadOnlyDictionary<(int Node, string Host), long> Used) FirstTouch(
        TieringScenario scenario, IReadOnlyDictionary<int, Watermarks> marks)
    {
        var system = scenario.System;
        var used = system.Nodes.SelectMany(n => n.Hosts.Select(h => (n.Id, h))).ToDictionary(k => k, _ => 0L);
        var placements = scenario.Workloads.Select(spec =>
        {
            var left = spec.Folios;
            var placed = new List<(int Node, long Folios)>();
            foreach (var node in AllowedNodes(system, spec).OrderBy(n => system.Latency(spec.Host, spec.Socket, n)!.Value).ThenBy(n => n.Id))
            {
                var room = Math.Max(0, node.HostShareBytes - marks[node.Id].Low - used[(node.Id, spec.Host)]) / spec.FolioSize.Bytes;
                var take = Math.Min(left, room);
                if (take == 0) continue;
                placed.Add((node.Id, take));
                used[(node.Id, spec.Host)] += take * spec.FolioSize.Bytes;
                left -= take;
                if (left == 0) break;
            }
            if (left > 0)
                throw new InvalidOperationException($"workload {spec.Name}: {spec.WorkingSet} does not fit in the free memory of host {spec.Host} (above each node's low watermark, after the workloads before it)");
            return (IReadOnlyList<(int, long)>)placed;
        }).ToArray();
        return (placements, used);
    }

    private static TieringWorkload StartWorkload(SimulationWorld world, TieringScenario scenario, WorkloadSpec spec, IReadOnlyList<(int Node, long Folios)> placement,
        MemoryTiers tiers, Machine machine, IActorRef bus, TieringTelemetry telemetry)
    {
        var system = scenario.System;
        var host = system.Hosts.First(h => h.Name == spec.Host);
        var hostNodes = HostNodes(system, host);
        var nodes = hostNodes.Select(n => new HostNode(n.Id, system.Latency(host.Name, spec.Socket, n)!.Value, tiers.TopTierNodes.Contains(n.Id),
            n.Kind == MemoryKind.DeviceCoherent)).ToArray();
        var slots = placement.Select(p => (Array.FindIndex(nodes, n => n.Id == p.Node), p.Folios)).ToArray();
        var setup = new WorkloadSetup(nodes, slots, bus, scenario.Epoch, telemetry);
        var actor = world.ActorOf(SimulationProps.Of(() => new Workload(spec, setup)), spec.Name);
        // Promotion aims at the node of the faulting CPU: the workload's socket's DRAM.
        var local = hostNodes.Where(n => n.HasCpus && n.Socket == spec.Socket).Select(n => n.Id).DefaultIfEmpty(hostNodes.First(n => n.HasCpus).Id).First();
        return new TieringWorkload(spec, actor, local, SocketCpus(machine, spec.Socket));
    }

    /// <summary>Where offlining <paramref name="node"/> may migrate to: its host's SysRAM nodes but itself, nearest its socket first
    /// (its zonelist; alloc_migration_target() allocates like any default allocation, so never on a specific-purpose node).</summary>
    public static IReadOnlyList<OfflineTarget> OfflineTargets(SystemSpec system, MemoryNodeSpec node, IReadOnlyDictionary<int, Watermarks> marks)
    {
        var host = system.Hosts.First(h => h.Name == node.Hosts[0]);
        return HostNodes(system, host).Where(n => n.Id != node.Id && !n.SpecificPurpose && n.Kind != MemoryKind.DeviceCoherent)
            .OrderBy(n => system.Latency(host.Name, node.Socket ?? 0, n)!.Value).ThenBy(n => n.Id)
            .Select(n => new OfflineTarget(n.Id, marks[n.Id].Min)).ToArray();
    }

    /// <summary>Memory offline <paramref name="offline"/>, run from the node's socket; a node with CPUs holds unmovable kernel memory.</summary>
    private static void StartOffline(SimulationWorld world, TieringScenario scenario, MemoryOfflineSpec offline, int index, IReadOnlyDictionary<int, Watermarks> marks,
        IReadOnlyDictionary<string, Machine> machines, IReadOnlyDictionary<string, IActorRef> buses, IReadOnlyList<TieringWorkload> workloads, CopyFlow flow,
        TieringTelemetry telemetry)
    {
        var system = scenario.System;
        var node = system.Nodes.First(n => n.Id == offline.Node);
        var host = system.Hosts.First(h => h.Name == node.Hosts[0]);
        var socket = node.Socket ?? 0;
        var targets = OfflineTargets(system, node, marks);
        var machine = machines[host.Name];
        var mine = workloads.Where(w => w.Spec.Host == host.Name).ToArray();
        var cpu = SocketCpus(machine, socket)[0];
        world.ActorOf(SimulationProps.Of(() => new OfflinePages(node.Id, node.HasCpus, offline.At, offline.Timeout, targets, mine, cpu, machine, buses[host.Name], flow,
            telemetry)), $"offline{index}-node{node.Id}");
    }

    /// <summary>On each host with GPUs: the GPU driver (amdkfd's SVM), and an application per workload with HIP requests.</summary>
    private static void StartGpuDrivers(SimulationWorld world, TieringScenario scenario, IReadOnlyDictionary<string, Machine> machines,
        IReadOnlyDictionary<string, IActorRef> buses, IReadOnlyList<TieringWorkload> workloads, TieringTelemetry telemetry)
    {
        foreach (var host in scenario.System.Hosts)
        {
            var gpus = HostNodes(scenario.System, host).Where(n => n.Gpu is not null).ToDictionary(n => n.Id, n => n.Gpu!);
            if (gpus.Count == 0) continue;
            var machine = machines[host.Name];
            var mine = workloads.Where(w => w.Spec.Host == host.Name).ToArray();
            var driver = world.ActorOf(SimulationProps.Of(() => new KfdSvm(machine, gpus.ToDictionary(g => g.Key, g => (g.Value, machine.Nodes[g.Key])), mine,
                buses[host.Name], telemetry)), $"{host.Name}-kfd");
            foreach (var w in mine)
                if (scenario.Hip.Where(op => op.Workload == w.Spec.Name).Select(op => op.Op).ToArray() is { Length: > 0 } schedule)
                    world.ActorOf(SimulationProps.Of(() => new HipApplication(w, driver, gpus, schedule, telemetry)), $"{w.Spec.Name}-hip");
        }
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

    /// <summary>The nodes a workload's allocations may use: those of its bind policy; else its host's SysRAM nodes and the
    /// specific-purpose ones its cpuset's SPM mask names (no default allocation reaches any other SPM node). Never a GPU's
    /// device-coherent memory: ZONE_DEVICE pages get there only by its driver's migrate_vma.</summary>
    public static IEnumerable<MemoryNodeSpec> AllowedNodes(SystemSpec system, WorkloadSpec spec) =>
        HostNodes(system, system.Hosts.First(h => h.Name == spec.Host)).Where(n => n.Kind != MemoryKind.DeviceCoherent && (spec.Membind is { } bind
            ? bind.Contains(n.Id) : !n.SpecificPurpose || spec.CpusetSpm?.Contains(n.Id) == true));

    private static MemoryNodeSpec[] HostNodes(SystemSpec system, HostSpec host) => system.Nodes.Where(n => n.Hosts.Contains(host.Name)).ToArray();

    private static TieringSample Snapshot(SimTime time, TieringScenario scenario, MemoryTiers tiers, TieringTelemetry telemetry) => new(
        time,
        scenario.System.Nodes.Select(n =>
        {
            var c = telemetry.Node(n.Id);
            return new NodeSample(n.Id, tiers.Tier(n.Id), n.Capacity.Bytes, c.UsedBytes, c.TrafficBytes, new SortedDictionary<string, long>(c.Vmstat, StringComparer.Ordinal));
        }).ToArray(),
        telemetry.Callers.Select(kv => new CallerSample(kv.Key, kv.Value.Calls, kv.Value.Folios, kv.Value.Succeeded, kv.Value.Failed, kv.Value.CpuPs,
            kv.Value.Inaccessible.Quantile(0.5), kv.Value.Inaccessible.Quantile(0.99), kv.Value.CallLatency.Count, kv.Value.CallLatency.Quantile(0.5),
            kv.Value.CallLatency.Quantile(0.99))).ToArray(),
        telemetry.Workloads.Select(kv => new WorkloadSample(kv.Key, kv.Value.Accesses, kv.Value.FastAccesses, kv.Value.StallSeconds, kv.Value.IdealStallSeconds,
            kv.Value.MigrationStallSeconds)).ToArray(),
        scenario.System.Hosts.Select(h =>
        {
            var e = telemetry.Engines.GetValueOrDefault(h.Name);
            return new EngineSample(h.Name, h.DmaChannels, e?.ChannelBusyPs ?? 0, e?.WorkerBusyPs ?? 0);
        }).ToArray(),
        scenario.System.Nodes.Where(n => n.Gpu is not null).Select(n =>
        {
            var g = telemetry.Gpu(n.Gpu!.Name);
            return new GpuSample(n.Gpu.Name, n.Id, new SortedDictionary<string, long>(g.Bytes, StringComparer.Ordinal), g.SdmaBusyAt(time.Picoseconds), g.SdmaWindows, g.Kernels,
                g.KernelPs, g.Enospc);
        }).ToArray());
}
