using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;

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
        using var part = TieringPart.Build(scenario, TieringShards.All(scenario.System));
        var samples = new List<TieringSample>();
        foreach (var t in SampleTimes(scenario))
        {
            part.World.RunUntil(t);
            samples.Add(Snapshot(t, scenario, part.Telemetry));
            progress?.Invoke(t);
        }
        return Result(scenario, samples, part.Telemetry, part.World.Shards.Select(s => (s.Index, s.TraceHash, s.DeliveredCount)));
    }

    /// <summary>When the reports' samples are taken: every sample interval up to the duration.</summary>
    public static IReadOnlyList<SimTime> SampleTimes(TieringScenario scenario)
    {
        var times = new List<SimTime>();
        for (var t = scenario.Sample; t <= scenario.Duration; t += scenario.Sample) times.Add(t);
        return times;
    }

    /// <summary>The memory tiers of <paramref name="scenario"/>'s system, specific-purpose nodes in or out as its demotion says.</summary>
    public static MemoryTiers Tiers(TieringScenario scenario) => new(scenario.System, scenario.Demotion?.Spm ?? SpmDemotion.Exclude);

    /// <summary>The counters at <paramref name="time"/> of every shard's <paramref name="telemetry"/> (by shard), added up in shard order.</summary>
    public static TieringSample Snapshot(SimTime time, TieringScenario scenario, IEnumerable<KeyValuePair<int, TieringTelemetry>> telemetry) =>
        Snapshot(time, scenario, Tiers(scenario), Merged(telemetry));

    /// <summary>The result of a run from its samples, every shard's <paramref name="telemetry"/> at the end, and its shards' traces and
    /// delivery counts, whichever worlds held them. Its offlines come in scenario order, whichever shards ran them.</summary>
    public static TieringResult Result(TieringScenario scenario, IReadOnlyList<TieringSample> samples, IEnumerable<KeyValuePair<int, TieringTelemetry>> telemetry,
        IEnumerable<(int Shard, ulong TraceHash, long Delivered)> shards)
    {
        var all = shards.OrderBy(s => s.Shard).ToArray();
        var specs = scenario.Offlines.Select(o => (o.Node, o.At.Picoseconds)).ToList();
        var offlines = Merged(telemetry).Offlines.OrderBy(o => specs.IndexOf((o.Node, o.AtPs)))
            .Select(o => new OfflineSample(o.Node, o.AtPs, o.EndPs, o.Result, o.Reason, o.Rounds, o.Migrated, o.FoliosLeft)).ToArray();
        return new TieringResult(samples, samples[^1], WorldShard.CombinedTraceHash(all.Select(s => (s.Shard, s.TraceHash))), all.Sum(s => s.Delivered), offlines);
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

    /// <summary>Where offlining <paramref name="node"/> may migrate to: its host's SysRAM nodes but itself, nearest its socket first
    /// (its zonelist; alloc_migration_target() allocates like any default allocation, so never on a specific-purpose node).</summary>
    public static IReadOnlyList<OfflineTarget> OfflineTargets(SystemSpec system, MemoryNodeSpec node, IReadOnlyDictionary<int, Watermarks> marks)
    {
        var host = system.Hosts.First(h => h.Name == node.Hosts[0]);
        return HostNodes(system, host).Where(n => n.Id != node.Id && !n.SpecificPurpose && n.Kind != MemoryKind.DeviceCoherent)
            .OrderBy(n => system.Latency(host.Name, node.Socket ?? 0, n)!.Value).ThenBy(n => n.Id)
            .Select(n => new OfflineTarget(n.Id, marks[n.Id].Min)).ToArray();
    }

    /// <summary>The nodes a workload's allocations may use: those of its bind policy; else its host's SysRAM nodes and the
    /// specific-purpose ones its cpuset's SPM mask names (no default allocation reaches any other SPM node). Never a GPU's
    /// device-coherent memory: ZONE_DEVICE pages get there only by its driver's migrate_vma.</summary>
    public static IEnumerable<MemoryNodeSpec> AllowedNodes(SystemSpec system, WorkloadSpec spec) =>
        HostNodes(system, system.Hosts.First(h => h.Name == spec.Host)).Where(n => n.Kind != MemoryKind.DeviceCoherent && (spec.Membind is { } bind
            ? bind.Contains(n.Id) : !n.SpecificPurpose || spec.CpusetSpm?.Contains(n.Id) == true));

    internal static MemoryNodeSpec[] HostNodes(SystemSpec system, HostSpec host) => system.Nodes.Where(n => n.Hosts.Contains(host.Name)).ToArray();

    private static TieringTelemetry Merged(IEnumerable<KeyValuePair<int, TieringTelemetry>> telemetry) =>
        TieringTelemetry.Merge(telemetry.OrderBy(kv => kv.Key).Select(kv => kv.Value));

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
