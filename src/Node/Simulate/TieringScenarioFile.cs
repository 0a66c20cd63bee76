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
/// <c>description</c>, <c>sample</c> (default duration/50), <c>epoch</c> (1ms), <c>seed</c>, <c>watermark_scale_factor</c>,
/// <c>copy: {mode, workers, engine, reasons}</c>, <c>numa_balancing: {scan_size, scan_period_min, hot_threshold,
/// promote_rate_limit, adjust_period, threads}</c> and <c>demotion: {batch, backoff}</c> (present: on, with kernel defaults for
/// what is left out), then <c>workloads</c>: <c>{name, host, socket, working_set, folio, regions, accesses_per_second, zipf,
/// phases: [{at, shift}]}</c>.</remarks>
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
        var epoch = epochNode is null ? SimTime.FromMilliseconds(1) : Positive(epochNode);
        if (epoch > sample) throw epochNode!.Problem($"expected at most the sample interval ({sample})");
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
                numaNode.Optional("threads")?.AsInt(1, 1024) ?? d.Threads);
            numaNode.RejectUnknownKeys();
        }
        DemotionSettings? demotion = null;
        if (root.Optional("demotion") is { } demotionNode)
        {
            var d = DemotionSettings.Default;
            demotion = new DemotionSettings(demotionNode.Optional("batch")?.AsInt(1, 4096) ?? d.Batch,
                demotionNode.Optional("backoff") is { } b ? Positive(b) : d.Backoff);
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
            w.RejectUnknownKeys();
            workloads.Add(new WorkloadSpec(wname, host.Name, socket, set, folio, regions, rate, zipf, phases));
        }
        if (workloads.Count == 0) throw workloadsNode.Problem("expected at least one workload");
        root.RejectUnknownKeys();

        var scenario = new TieringScenario
        {
            Name = name, System = system, Platforms = platforms, Duration = duration, Sample = sample, Epoch = epoch, Seed = seed,
            Copy = copy, CopyReasons = reasons, NumaBalancing = numa, Demotion = demotion, WatermarkScaleFactor = scale, Workloads = workloads,
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

    private static SimTime Positive(ConfigNode node) =>
        node.AsTime() is { Picoseconds: > 0 } t ? t : throw node.Problem("expected a positive time");

    private static ByteSize AtLeast(ConfigNode node, ByteSize least) =>
        node.AsSize() is var s && s.Bytes >= least.Bytes ? s : throw node.Problem($"expected at least {least}");

    private static T Choice<T>(ConfigNode node, IReadOnlyDictionary<string, T> table) =>
        ScenarioNames.TryParse(table, node.AsString(), out var value, out var expected) ? value : throw node.Expected(expected);
}
