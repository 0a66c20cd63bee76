using ActorMigration.Actors.Gpu;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Simulate;

/// <summary>Reads a system scenario: a file naming its <c>system</c>, how long it runs, the copy path, the tiering callers and the
/// workloads. Every error names the file and the key.</summary>
/// <remarks>Shape: <c>name</c>, <c>system</c> (a shipped system or a path relative to the file), <c>duration</c>, optional
/// <c>description</c>, <c>sample</c> (default duration/50), <c>epoch</c> (1ms), <c>pool_epoch</c> (the epoch), <c>seed</c>, <c>watermark_scale_factor</c>,
/// <c>copy: {mode, workers, engine, reasons}</c>, <c>numa_balancing: {scan_size, scan_period_min, hot_threshold,
/// promote_rate_limit, adjust_period, scan_start: start|random}</c> and <c>demotion: {batch, backoff}</c> (present: on, with kernel defaults for
/// what is left out), then <c>workloads</c>: <c>{name, host, socket, working_set, folio, regions, accesses_per_second, zipf,
/// threads, placement: first_touch|spread, phases: [{at, shift}], membind: [nodes], cpuset: {spm: [nodes]}, pinned: {range, until}}</c>,
/// the callers that act on a schedule: <c>syscalls</c>, <c>damon</c>, <c>compaction</c>, and <c>memory_hotplug: [{node, at, timeout}]</c>;
/// the workloads' GPU requests, <c>hip</c>; <c>demotion</c> also takes <c>spm: exclude|target|none</c>.</remarks>
public static class TieringScenarioFile
{
    private static readonly ShippedFiles Shipped = new(typeof(TieringScenarioFile).Assembly, "scenarios");

    /// <summary>True when <paramref name="root"/> is a system scenario (it names a system) rather than a sweep.</summary>
    public static bool IsSystemScenario(ConfigNode root) => root.Has("system");

    /// <summary>Reads and checks <paramref name="nameOrPath"/>: a file, else a shipped scenario.</summary>
    public static TieringScenario Load(string nameOrPath) => Read(Shipped.Load(nameOrPath, "scenario"));

    /// <summary>Builds a scenario from a parsed document.</summary>
    public static TieringScenario Read(ConfigNode root)
    {
        if (!root.Has("system") && root.Has("runs")) throw root.Required("runs").Problem("this is a sweep file: run it with actormigration sweep");
        var name = root.Required("name").AsString();
        root.Optional("description")?.AsString();
        var systemNode = root.Required("system");
        var systemName = systemNode.AsString();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(root.File)) ?? ".";
        if (systemName.EndsWith(".yaml", StringComparison.Ordinal) && !Path.IsPathRooted(systemName)) systemName = Path.Combine(baseDir, systemName);
        var system = SystemReader.Load(systemName);
        var platforms = system.Hosts.ToDictionary(h => h.Name, h => PlatformProfileReader.Load(h.Platform));

        var durationNode = root.Required("duration");
        var duration = Positive(durationNode);
        var sampleNode = root.Optional("sample");
        var sample = sampleNode is null ? SimTime.FromPicoseconds(Math.Max(1, duration.Picoseconds / 50)) : Positive(sampleNode);
        if (sample > duration) throw sampleNode!.Problem($"expected at most the duration ({duration})");
        var epochNode = root.Optional("epoch");
        // The default epoch is 1 ms, or the sample interval when that is shorter (a run of a few milliseconds).
        var epoch = epochNode is null ? (sample < SimTime.FromMilliseconds(1) ? sample : SimTime.FromMilliseconds(1)) : Positive(epochNode);
        if (epochNode is not null && epoch > sample) throw epochNode.Problem($"expected at most the sample interval ({sample})");
        var poolEpochNode = root.Optional("pool_epoch");
        var poolEpoch = poolEpochNode is null ? (SimTime?)null : Positive(poolEpochNode);
        if (poolEpoch is { } pe && pe.Picoseconds % epoch.Picoseconds != 0) throw poolEpochNode!.Problem($"expected a multiple of the epoch ({epoch})");
        var seed = (ulong)(root.Optional("seed")?.AsLong(0) ?? 1);
        var scale = root.Optional("watermark_scale_factor")?.AsInt(1, 3000) ?? 10;

        CopySetting? copy = null;
        IReadOnlySet<MigrateReason> reasons = new HashSet<MigrateReason>(Enum.GetValues<MigrateReason>());
        if (root.Optional("copy") is { } copyNode)
        {
            var modeNode = copyNode.Required("mode");
            var mode = Choice(modeNode, ScenarioNames.Modes);
            var workersNode = copyNode.Optional("workers");
            var workers = workersNode?.AsInt(1, 1024) ?? 1;
            EngineKind? engine = copyNode.Optional("engine") is { } e ? Choice(e, ScenarioNames.Engines) : null;
            if (copyNode.Optional("reasons") is { } reasonsNode) reasons = reasonsNode.Items.Select(r => Choice(r, ScenarioNames.Reasons)).ToHashSet();
            copyNode.RejectUnknownKeys();
            foreach (var host in system.Hosts)
            {
                if (mode == CopyMode.Dcbm && host.DmaChannels == 0) throw modeNode.Problem($"host '{host.Name}' of {system.Name} has no DMA channels (dma_channels)");
                if (mode == CopyMode.Dcbm && workers > host.DmaChannels) throw workersNode!.Problem($"host '{host.Name}' has {host.DmaChannels} DMA channels");
                if (mode == CopyMode.MtCopy && workers >= host.Sockets * host.CoresPerSocket) throw workersNode!.Problem($"host '{host.Name}' has {host.Sockets * host.CoresPerSocket} cores");
            }
            copy = new CopySetting(mode, mode is CopyMode.MtCopy or CopyMode.Dcbm ? workers : 1, engine, WorkerPlacement.Packed, 0);
        }

        NumaBalancingSettings? numa = null;
        if (root.Optional("numa_balancing") is { } numaNode)
        {
            var d = NumaBalancingSettings.Default;
            numa = new NumaBalancingSettings(
                numaNode.Optional("scan_size") is { } s ? AtLeast(s, ByteSize.Page) : d.ScanSize,
                numaNode.Optional("scan_period_min") is { } p ? Positive(p) : d.ScanPeriodMin,
                numaNode.Optional("hot_threshold") is { } h ? Positive(h) : d.HotThreshold,
                numaNode.Optional("promote_rate_limit")?.AsBandwidth().BytesPerSecond ?? d.PromoteRateLimitBytesPerSec,
                numaNode.Optional("adjust_period") is { } a ? Positive(a) : d.AdjustPeriod,
                (numaNode.Optional("scan_start")?.AsChoice("start", "random") ?? "start") == "random");
            numaNode.RejectUnknownKeys();
        }
        DemotionSettings? demotion = null;
        if (root.Optional("demotion") is { } demotionNode)
        {
            var d = DemotionSettings.Default;
            demotion = new DemotionSettings(demotionNode.Optional("batch")?.AsInt(1, 4096) ?? d.Batch,
                demotionNode.Optional("backoff") is { } b ? Positive(b) : d.Backoff,
                (demotionNode.Optional("spm")?.AsChoice("exclude", "target", "none") ?? "exclude") switch
                {
                    "exclude" => SpmDemotion.Exclude, "target" => SpmDemotion.Target, _ => SpmDemotion.None,
                });
            demotionNode.RejectUnknownKeys();
        }

        var workloadsNode = root.Required("workloads");
        var workloads = new List<WorkloadSpec>();
        var workloadNodes = workloadsNode.Items;
        foreach (var w in workloadNodes)
        {
            var nameNode = w.Required("name");
            var wname = nameNode.AsString();
            if (workloads.Any(x => x.Name == wname)) throw nameNode.Problem($"workload '{wname}' is named twice");
            var hostNode = w.Required("host");
            var host = system.Hosts.FirstOrDefault(h => h.Name == hostNode.AsString())
                ?? throw hostNode.Problem($"{system.Name} has no host '{hostNode.AsString()}' (hosts: {string.Join(", ", system.Hosts.Select(h => h.Name))})");
            var socket = w.Optional("socket")?.AsInt(0, host.Sockets - 1) ?? 0;
            var folioNode = w.Optional("folio");
            var folio = folioNode?.AsSize() ?? ByteSize.Page;
            if (folio.Bytes < ByteSize.Page.Bytes || folio.Bytes > 2 << 20 || (folio.Bytes & (folio.Bytes - 1)) != 0)
                throw folioNode!.Problem($"expected a power of two from 4K to 2M, got {folio}");
            var setNode = w.Required("working_set");
            var set = AtLeast(setNode, folio);
            var folios = set.Bytes / folio.Bytes;
            var regionsNode = w.Optional("regions");
            var regions = regionsNode?.AsInt(1, 1 << 24) ?? (int)Math.Min(4096, folios);
            if (regions > folios) throw regionsNode!.Problem($"expected at most one region per folio ({folios})");
            var rate = w.Required("accesses_per_second").AsDouble(1, 1e12);
            var zipf = w.Optional("zipf")?.AsDouble(0, 5) ?? 0;
            var phases = new List<WorkloadPhase>();
            if (w.Optional("phases") is { } phasesNode)
                foreach (var ph in phasesNode.Items)
                {
                    var atNode = ph.Required("at");
                    var at = Positive(atNode);
                    if (at >= duration) throw atNode.Problem($"expected a time before the end of the run ({duration})");
                    phases.Add(new WorkloadPhase(at, ph.Required("shift").AsDouble(0, 1)));
                    ph.RejectUnknownKeys();
                }
            var threads = w.Optional("threads")?.AsInt(1, 4096) ?? 8;
            var spread = (w.Optional("placement")?.AsChoice("first_touch", "spread") ?? "first_touch") == "spread";
            var membind = w.Optional("membind") is { } bindNode ? Nodes(bindNode, system, host.Name, wname, specificPurposeOnly: false) : null;
            IReadOnlyList<int>? spm = null;
            if (w.Optional("cpuset") is { } cpuset)
            {
                spm = cpuset.Optional("spm") is { } spmNode ? Nodes(spmNode, system, host.Name, wname, specificPurposeOnly: true) : null;
                cpuset.RejectUnknownKeys();
            }
            WorkloadPin? pin = null;
            if (w.Optional("pinned") is { } pinNode)
            {
                var (from, to) = Range(pinNode.Required("range"), regions);
                var untilNode = pinNode.Optional("until");
                pin = new WorkloadPin(from, to, untilNode is null ? null : Positive(untilNode));
                pinNode.RejectUnknownKeys();
            }
            w.RejectUnknownKeys();
            workloads.Add(new WorkloadSpec(wname, host.Name, socket, set, folio, regions, rate, zipf, phases, threads, spread, membind, spm, pin));
        }
        if (workloads.Count == 0) throw workloadsNode.Problem("expected at least one workload");
        var planned = new List<PlannedCallerSpec>();
        if (root.Optional("syscalls") is { } syscalls)
            foreach (var c in syscalls.Items) planned.Add(Syscall(c, system, workloads, platforms, duration));
        if (root.Optional("damon") is { } damon)
            foreach (var d in damon.Items) planned.Add(Damon(d, system, workloads, duration));
        if (root.Optional("compaction") is { } compaction)
            foreach (var c in compaction.Items) planned.Add(Compaction(c, system, workloads, duration));
        var offlines = new List<MemoryOfflineSpec>();
        if (root.Optional("memory_hotplug") is { } hotplug)
            foreach (var h in hotplug.Items) offlines.Add(Offline(h, system, duration));
        var hip = new List<HipRequest>();
        if (root.Optional("hip") is { } hipNode)
            foreach (var h in hipNode.Items) hip.Add(Hip(h, system, workloads, duration));
        root.RejectUnknownKeys();

        var scenario = new TieringScenario
        {
            Name = name, System = system, Platforms = platforms, Duration = duration, Sample = sample, Epoch = epoch, Seed = seed,
            Copy = copy, CopyReasons = reasons, NumaBalancing = numa, Demotion = demotion, WatermarkScaleFactor = scale, Workloads = workloads,
            Planned = planned, PoolEpoch = poolEpoch, Offlines = offlines, Hip = hip,
        };
        try
        {
            var marks = system.Nodes.ToDictionary(n => n.Id, n => Watermarks.For(system, n, scale));
            TieringSimulation.FirstTouch(scenario, marks);
        }
        catch (InvalidOperationException e)
        {
            var index = workloads.FindIndex(x => e.Message.StartsWith($"workload {x.Name}:", StringComparison.Ordinal));
            throw workloadNodes[Math.Max(0, index)].Required("working_set").Problem(e.Message);
        }
        return scenario;
    }

    /// <summary>A syscall made on a schedule: <c>{call: move_pages|migrate_pages|mbind, workload, at, every, to, from, folios,
    /// pick: hottest|address, range: [from, to]}</c>; move_pages' <c>to</c> may list nodes, entries going to them in turn,
    /// <c>run</c> (default 1) at a time.</summary>
    private static PlannedCallerSpec Syscall(ConfigNode c, SystemSpec system, IReadOnlyList<WorkloadSpec> workloads, IReadOnlyDictionary<string, PlatformProfile> platforms, SimTime duration)
    {
        var callNode = c.Required("call");
        var call = callNode.AsChoice("move_pages", "migrate_pages", "mbind");
        var w = WorkloadOf(c.Required("workload"), workloads);
        var toNode = c.Required("to");
        // move_pages(2) may name a node per entry: then entries go to the listed nodes in turn, `run` at a time.
        IReadOnlyList<int>? runTargets = call == "move_pages" && toNode.IsList ? toNode.Items.Select(n => NodeOf(n, system, w)).ToArray() : null;
        var to = runTargets?[0] ?? NodeOf(toNode, system, w);
        var runLength = runTargets is null ? 0 : c.Optional("run")?.AsInt(1, int.MaxValue) ?? 1;
        var (at, every) = Schedule(c, duration, SimTime.Zero);
        var kernel = platforms[w.Host].Kernel;
        var regions = (0, w.Regions);
        var onNode = -1;
        var order = SelectOrder.Address;
        long folios = long.MaxValue;
        switch (call)
        {
            case "move_pages":
                folios = c.Required("folios").AsLong(1, w.Folios);
                order = (c.Optional("pick")?.AsChoice("hottest", "address") ?? "hottest") == "hottest" ? SelectOrder.Hottest : SelectOrder.Address;
                break;
            case "migrate_pages":
                onNode = NodeOf(c.Required("from"), system, w);
                break;
            default:
                regions = Range(c.Required("range"), w.Regions);
                break;
        }
        c.RejectUnknownKeys();
        var reason = call == "mbind" ? MigrateReason.MempolicyMbind : MigrateReason.Syscall;
        var select = new IsolateWhere(regions.Item1, regions.Item2, onNode, runTargets is null ? to : -1, 0, double.PositiveInfinity, order, folios);
        // Each entry is looked up and isolated first (add_page_for_migration(), queue_pages_range()); move_pages stores a status per entry.
        var plan = new CallerPlan(call, reason, MigrateMode.Sync, at, every, select, to, 0, false, kernel.PageLookup,
            call == "move_pages" ? kernel.StatusStore : SimTime.Zero, runTargets, runLength);
        return new PlannedCallerSpec(plan, [w.Name], w.Socket);
    }

    /// <summary>A DAMOS scheme: <c>{workload, action: migrate_hot|migrate_cold, target, min_accesses_per_second,
    /// max_accesses_per_second, quota, interval, at}</c>; the quota is per interval.</summary>
    private static PlannedCallerSpec Damon(ConfigNode d, SystemSpec system, IReadOnlyList<WorkloadSpec> workloads, SimTime duration)
    {
        var w = WorkloadOf(d.Required("workload"), workloads);
        var hot = d.Required("action").AsChoice("migrate_hot", "migrate_cold") == "migrate_hot";
        var target = NodeOf(d.Required("target"), system, w);
        var min = d.Optional("min_accesses_per_second")?.AsDouble(0) ?? 0;
        var max = d.Optional("max_accesses_per_second")?.AsDouble(0) ?? double.PositiveInfinity;
        var quota = AtLeast(d.Required("quota"), w.FolioSize);
        var interval = d.Optional("interval") is { } i ? Positive(i) : SimTime.FromMilliseconds(100);
        var at = d.Optional("at") is { } a ? Positive(a) : interval;
        if (at >= duration) throw d.Required("at").Problem($"expected a time before the end of the run ({duration})");
        d.RejectUnknownKeys();
        var select = new IsolateWhere(0, w.Regions, -1, target, min, max, hot ? SelectOrder.Hottest : SelectOrder.Coldest, quota.Bytes / w.FolioSize.Bytes);
        var plan = new CallerPlan(hot ? "damon_migrate_hot" : "damon_migrate_cold", MigrateReason.Damon, MigrateMode.Async, at, interval, select, target, 0, false,
            SimTime.Zero, SimTime.Zero);
        return new PlannedCallerSpec(plan, [w.Name], w.Socket);
    }

    /// <summary>kcompactd on a node: <c>{node, bytes, every, at}</c>: every interval it migrates that much within the node, 32
    /// pages a call (COMPACT_CLUSTER_MAX), its migrate scanner going on from where it stopped.</summary>
    private static PlannedCallerSpec Compaction(ConfigNode c, SystemSpec system, IReadOnlyList<WorkloadSpec> workloads, SimTime duration)
    {
        var nodeNode = c.Required("node");
        var id = nodeNode.AsInt(0, 1023);
        var node = system.Nodes.FirstOrDefault(n => n.Id == id) ?? throw nodeNode.Problem($"{system.Name} has no node {id}");
        if (node.SpecificPurpose) throw nodeNode.Problem($"node {id} is specific-purpose: compaction runs on SysRAM nodes only");
        if (node.Gpu is not null) throw nodeNode.Problem($"node {id} is {node.Gpu.Name}'s device memory: ZONE_DEVICE pages are never compacted");
        var on = workloads.Where(w => node.Hosts.Contains(w.Host)).ToArray();
        if (on.Length == 0) throw nodeNode.Problem($"no workload runs on a host that reaches node {id}");
        var bytes = AtLeast(c.Required("bytes"), ByteSize.Page);
        var (at, every) = Schedule(c, duration, SimTime.FromMilliseconds(100));
        c.RejectUnknownKeys();
        var host = on[0].Host;
        var mine = on.Where(w => w.Host == host).ToArray();
        var select = new IsolateWhere(0, int.MaxValue, id, -1, 0, double.PositiveInfinity, SelectOrder.Address, Math.Max(1, bytes.Bytes / mine.Min(w => w.FolioSize.Bytes)));
        var plan = new CallerPlan("kcompactd", MigrateReason.Compaction, MigrateMode.Sync, at, every ?? SimTime.FromMilliseconds(100), select, -1, 32, true,
            SimTime.Zero, SimTime.Zero);
        return new PlannedCallerSpec(plan, mine.Select(w => w.Name).ToArray(), node.Socket ?? 0);
    }

    /// <summary>A memory offline: <c>{node, at, timeout}</c>: every memory block of the node (not a pool's: its slices are its hosts'),
    /// from <c>at</c> on; with <c>timeout</c>, a signal ends the attempt that long after it starts.</summary>
    private static MemoryOfflineSpec Offline(ConfigNode h, SystemSpec system, SimTime duration)
    {
        var nodeNode = h.Required("node");
        var id = nodeNode.AsInt(0, 1023);
        var node = system.Nodes.FirstOrDefault(n => n.Id == id) ?? throw nodeNode.Problem($"{system.Name} has no node {id}");
        if (node.Kind == MemoryKind.CxlPool) throw nodeNode.Problem($"node {id} is a CXL pool: each host offlines its own slice, which is not modelled");
        if (node.Kind == MemoryKind.DeviceCoherent) throw nodeNode.Problem($"node {id} is device memory (ZONE_DEVICE, its GPU driver's): memory hotplug does not offline it");
        var atNode = h.Required("at");
        var at = atNode.AsTime();
        if (at >= duration) throw atNode.Problem($"expected a time before the end of the run ({duration})");
        var timeout = h.Optional("timeout") is { } t ? Positive(t) : (SimTime?)null;
        h.RejectUnknownKeys();
        return new MemoryOfflineSpec(id, at, timeout);
    }

    /// <summary>A range of the address space as fractions, <c>[start, end]</c>, in regions.</summary>
    private static (int From, int To) Range(ConfigNode rangeNode, int regions)
    {
        var (start, end) = Fractions(rangeNode);
        return ((int)Math.Floor(start * regions), (int)Math.Ceiling(end * regions));
    }

    /// <summary>A list of nodes of <paramref name="host"/>, each specific-purpose if <paramref name="specificPurposeOnly"/>.</summary>
    private static int[] Nodes(ConfigNode list, SystemSpec system, string host, string workload, bool specificPurposeOnly)
    {
        if (!list.IsList || list.Items.Count == 0) throw list.Problem("expected a list of node ids, such as [6]");
        return list.Items.Select(item =>
        {
            var id = item.AsInt(0, 1023);
            var node = system.Nodes.FirstOrDefault(n => n.Id == id && n.Hosts.Contains(host)) ?? throw item.Problem($"host '{host}' of workload {workload} has no node {id}");
            if (node.Gpu is not null) throw item.Problem($"node {id} is {node.Gpu.Name}'s device memory: only its driver places pages there (use hip prefetches)");
            return !specificPurposeOnly || node.SpecificPurpose ? id : throw item.Problem($"node {id} is not specific-purpose: an SPM mask names SPM nodes only");
        }).ToArray();
    }

    /// <summary>A request of a workload's GPU application: <c>{workload, op: prefetch|kernel|cpu_touch|pin, at, range: [start, end],
    /// device, stream}</c>: hipMemPrefetchAsync of the range to <c>device</c> (a GPU's node, or a system node: back to the CPU), a
    /// kernel on GPU <c>device</c> reading the range, the host thread touching it or pinning it long term; prefetches and kernels
    /// run in order per <c>stream</c> (default 0).</summary>
    private static HipRequest Hip(ConfigNode h, SystemSpec system, IReadOnlyList<WorkloadSpec> workloads, SimTime duration)
    {
        var w = WorkloadOf(h.Required("workload"), workloads);
        var kind = h.Required("op").AsChoice("prefetch", "kernel", "cpu_touch", "pin") switch
        {
            "prefetch" => HipOpKind.Prefetch, "kernel" => HipOpKind.Kernel, "cpu_touch" => HipOpKind.CpuTouch, _ => HipOpKind.Pin,
        };
        var (at, _) = Schedule(h, duration, SimTime.Zero);
        var (start, end) = Fractions(h.Required("range"));
        var first = (long)Math.Floor(start * w.Folios);
        var folios = Math.Max(1, (long)Math.Ceiling(end * w.Folios) - first);
        var device = -1;
        if (kind is HipOpKind.Prefetch or HipOpKind.Kernel)
        {
            var deviceNode = h.Required("device");
            var id = deviceNode.AsInt(0, 1023);
            var node = system.Nodes.FirstOrDefault(n => n.Id == id && n.Hosts.Contains(w.Host))
                ?? throw deviceNode.Problem($"host '{w.Host}' of workload {w.Name} has no node {id}");
            if (node.Gpu is null && kind == HipOpKind.Kernel) throw deviceNode.Problem($"node {id} is no GPU's: a kernel runs on a device_coherent node's GPU");
            device = id;
        }
        var stream = h.Optional("stream")?.AsInt(0, 1023) ?? 0;
        h.RejectUnknownKeys();
        if (!system.Nodes.Any(n => n.Gpu is not null && n.Hosts.Contains(w.Host))) throw h.Required("workload").Problem($"host '{w.Host}' has no GPU");
        return new HipRequest(w.Name, new HipOp(kind, at, first, folios, device, stream));
    }

    private static (double Start, double End) Fractions(ConfigNode rangeNode)
    {
        var bounds = rangeNode.Items.Select(x => x.AsDouble(0, 1)).ToArray();
        if (bounds.Length != 2 || bounds[0] >= bounds[1]) throw rangeNode.Problem("expected [start, end]: fractions of the address space, start below end");
        return (bounds[0], bounds[1]);
    }

    private static (SimTime At, SimTime? Every) Schedule(ConfigNode c, SimTime duration, SimTime defaultAt)
    {
        var atNode = c.Optional("at");
        var at = atNode is null ? defaultAt : atNode.AsTime();
        if (at >= duration) throw atNode!.Problem($"expected a time before the end of the run ({duration})");
        var every = c.Optional("every") is { } e ? Positive(e) : (SimTime?)null;
        return (at, every);
    }

    private static WorkloadSpec WorkloadOf(ConfigNode node, IReadOnlyList<WorkloadSpec> workloads) =>
        workloads.FirstOrDefault(w => w.Name == node.AsString())
        ?? throw node.Problem($"no workload named '{node.AsString()}' (workloads: {string.Join(", ", workloads.Select(w => w.Name))})");

    private static int NodeOf(ConfigNode node, SystemSpec system, WorkloadSpec w)
    {
        var id = node.AsInt(0, 1023);
        var spec = system.Nodes.FirstOrDefault(n => n.Id == id && n.Hosts.Contains(w.Host)) ?? throw node.Problem($"host '{w.Host}' of workload {w.Name} has no node {id}");
        // The kernel's callers move folios between the nodes of its page allocator; device memory is the GPU driver's alone.
        return spec.Gpu is null ? id : throw node.Problem($"node {id} is {spec.Gpu.Name}'s device memory: only the GPU driver migrates there (see hip)");
    }

    private static SimTime Positive(ConfigNode node) =>
        node.AsTime() is { Picoseconds: > 0 } t ? t : throw node.Problem("expected a positive time");

    private static ByteSize AtLeast(ConfigNode node, ByteSize least) =>
        node.AsSize() is var s && s.Bytes >= least.Bytes ? s : throw node.Problem($"expected at least {least}");

    private static T Choice<T>(ConfigNode node, IReadOnlyDictionary<string, T> table) =>
        ScenarioNames.TryParse(table, node.AsString(), out var value, out var expected) ? value : throw node.Expected(expected);
}
