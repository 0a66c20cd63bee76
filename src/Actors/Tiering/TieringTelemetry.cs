using ActorMigration.Actors.Gpu;
using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tiering;

/// <summary>What a tiered run counts, as the kernel would (/proc/vmstat per node) and beyond (per caller, per workload). The
/// actors add to it as they go, inside the simulation and without messages, so counting never changes the run.</summary>
public sealed class TieringTelemetry
{
    /// <summary>The per-node counters, with /proc/vmstat's names.</summary>
    public static readonly string[] VmstatNames =
        ["numa_hint_faults", "pgpromote_candidate", "pgpromote_success", "pgdemote_kswapd", "pgmigrate_success", "pgmigrate_fail"];

    /// <summary>Counters by node id.</summary>
    public SortedDictionary<int, NodeCounters> Nodes { get; } = [];

    /// <summary>Counters by caller name.</summary>
    public SortedDictionary<string, CallerCounters> Callers { get; } = new(StringComparer.Ordinal);

    /// <summary>Counters by workload name.</summary>
    public SortedDictionary<string, WorkloadCounters> Workloads { get; } = new(StringComparer.Ordinal);

    /// <summary>Copy-engine time by host.</summary>
    public SortedDictionary<string, EngineCounters> Engines { get; } = new(StringComparer.Ordinal);

    /// <summary>The counters of several shards added up in the order given: in shard order, a partitioned run and a one-process
    /// run add the same numbers in the same order, so even the sums of doubles agree to the bit.</summary>
    public static TieringTelemetry Merge(IEnumerable<TieringTelemetry> shards)
    {
        var all = new TieringTelemetry();
        foreach (var shard in shards)
        {
            foreach (var (id, n) in shard.Nodes)
            {
                var to = all.Node(id);
                to.UsedBytes += n.UsedBytes;
                to.TrafficBytes += n.TrafficBytes;
                foreach (var (name, pages) in n.Vmstat) to.Add(name, pages);
            }
            foreach (var (name, c) in shard.Callers)
            {
                var to = all.Caller(name);
                to.Calls += c.Calls;
                to.Folios += c.Folios;
                to.Succeeded += c.Succeeded;
                to.Failed += c.Failed;
                to.CpuPs += c.CpuPs;
                to.Inaccessible.Add(c.Inaccessible);
                to.CallLatency.Add(c.CallLatency);
            }
            foreach (var (name, w) in shard.Workloads)
            {
                var to = all.Workloads.TryGetValue(name, out var known) ? known : all.Workloads[name] = new WorkloadCounters();
                to.Accesses += w.Accesses;
                to.FastAccesses += w.FastAccesses;
                to.StallSeconds += w.StallSeconds;
                to.IdealStallSeconds += w.IdealStallSeconds;
                to.MigrationStallSeconds += w.MigrationStallSeconds;
            }
            foreach (var (host, e) in shard.Engines)
            {
                var to = all.Engines.TryGetValue(host, out var known) ? known : all.Engines[host] = new EngineCounters();
                to.ChannelBusyPs += e.ChannelBusyPs;
                to.WorkerBusyPs += e.WorkerBusyPs;
            }
            all.Offlines.AddRange(shard.Offlines);
            foreach (var (name, g) in shard.Gpus)
            {
                var to = all.Gpu(name);
                foreach (var (counter, bytes) in g.Bytes) to.Add(counter, bytes);
                to.SdmaBusyPs += g.SdmaBusyPs;
                to.SdmaBusyUntilPs = Math.Max(to.SdmaBusyUntilPs, g.SdmaBusyUntilPs);
                to.SdmaWindows += g.SdmaWindows;
                to.Kernels += g.Kernels;
                to.KernelPs += g.KernelPs;
                to.Enospc += g.Enospc;
            }
        }
        return all;
    }

    /// <summary>Each memory offline of the run, in scenario order.</summary>
    public List<OfflineCounters> Offlines { get; } = [];

    /// <summary>Device memory and copy-engine counters by GPU name.</summary>
    public SortedDictionary<string, GpuCounters> Gpus { get; } = new(StringComparer.Ordinal);

    /// <summary>The counters of GPU <paramref name="name"/>.</summary>
    public GpuCounters Gpu(string name) => Gpus.TryGetValue(name, out var c) ? c : Gpus[name] = new GpuCounters();

    /// <summary>The counters of <paramref name="node"/>.</summary>
    public NodeCounters Node(int node) => Nodes.TryGetValue(node, out var c) ? c : Nodes[node] = new NodeCounters();

    /// <summary>The counters of <paramref name="caller"/>.</summary>
    public CallerCounters Caller(string caller) => Callers.TryGetValue(caller, out var c) ? c : Callers[caller] = new CallerCounters();

    /// <summary>A migrate_pages() call of <paramref name="caller"/> from <paramref name="source"/> to <paramref name="target"/> returned.</summary>
    public void Migrated(string caller, string host, int source, int target, int folios, long folioPages, MigrationReport report, string? successCounter)
    {
        var c = Caller(caller);
        c.Calls++;
        c.Folios += folios;
        c.Succeeded += report.Succeeded;
        c.Failed += folios - report.Succeeded;
        foreach (var (name, ps) in report.CpuPs) if (name != "channels") c.CpuPs += ps; // a channel busy is not a CPU busy
        foreach (var ps in report.InaccessiblePs) c.Inaccessible.Add(ps);
        var pages = report.Succeeded * folioPages;
        Node(target).Add("pgmigrate_success", pages);
        Node(source).Add("pgmigrate_fail", (folios - report.Succeeded) * folioPages);
        if (successCounter is not null) Node(successCounter == "pgpromote_success" ? target : source).Add(successCounter, pages);
        Node(source).UsedBytes -= pages * 4096;
        Node(target).UsedBytes += pages * 4096;
        var e = Engines.TryGetValue(host, out var known) ? known : Engines[host] = new EngineCounters();
        e.ChannelBusyPs += report.CpuPs.GetValueOrDefault("channels");
        e.WorkerBusyPs += report.CpuPs.GetValueOrDefault("workers");
    }
}

/// <summary>One node's memory in use and its vmstat counters (in base pages).</summary>
public sealed class NodeCounters
{
    /// <summary>Bytes allocated on the node.</summary>
    public long UsedBytes { get; set; }

    /// <summary>Bytes that crossed its controller or port: the workloads' accesses and migration copies.</summary>
    public double TrafficBytes { get; set; }

    /// <summary>vmstat counters by name.</summary>
    public SortedDictionary<string, long> Vmstat { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds <paramref name="pages"/> to counter <paramref name="name"/>.</summary>
    public void Add(string name, long pages) => Vmstat[name] = Vmstat.GetValueOrDefault(name) + pages;
}

/// <summary>What one kind of caller of migrate_pages() did.</summary>
public sealed class CallerCounters
{
    /// <summary>migrate_pages() calls.</summary>
    public long Calls { get; set; }

    /// <summary>Folios passed.</summary>
    public long Folios { get; set; }

    /// <summary>Folios migrated.</summary>
    public long Succeeded { get; set; }

    /// <summary>Folios that stayed.</summary>
    public long Failed { get; set; }

    /// <summary>CPU time of the calling threads and the copy workers.</summary>
    public long CpuPs { get; set; }

    /// <summary>How long each migrated folio was inaccessible.</summary>
    public LatencyHistogram Inaccessible { get; } = new();

    /// <summary>How long each round took (a syscall: until it returned), for callers that act in rounds.</summary>
    public LatencyHistogram CallLatency { get; } = new();
}

/// <summary>One workload's memory accesses.</summary>
public sealed class WorkloadCounters
{
    /// <summary>Accesses made.</summary>
    public double Accesses { get; set; }

    /// <summary>Accesses that hit a top-tier node.</summary>
    public double FastAccesses { get; set; }

    /// <summary>Time stalled on memory, in seconds, migrations' inaccessible windows included.</summary>
    public double StallSeconds { get; set; }

    /// <summary>The stall had every access hit its local DRAM node, idle.</summary>
    public double IdealStallSeconds { get; set; }

    /// <summary>Of <see cref="StallSeconds"/>, waiting for folios under migration.</summary>
    public double MigrationStallSeconds { get; set; }
}

/// <summary>A host's copy engines and copy workers at work.</summary>
public sealed class EngineCounters
{
    /// <summary>Busy time summed over DMA channels.</summary>
    public long ChannelBusyPs { get; set; }

    /// <summary>Busy time summed over mtcopy workers.</summary>
    public long WorkerBusyPs { get; set; }
}

/// <summary>One offline_pages() of a node: how it ended (or not yet), why, and what it moved.</summary>
/// <param name="node">The node offlined.</param>
/// <param name="atPs">When it was asked for.</param>
public sealed class OfflineCounters(int node, long atPs)
{
    /// <summary>The node offlined.</summary>
    public int Node { get; } = node;

    /// <summary>When it was asked for (ps).</summary>
    public long AtPs { get; } = atPs;

    /// <summary>When it returned (ps); -1 while it has not.</summary>
    public long EndPs { get; set; } = -1;

    /// <summary><c>pending</c> (not started), <c>retrying</c> (still looping), <c>offlined</c>, or the errno it failed with.</summary>
    public string Result { get; set; } = "pending";

    /// <summary>The kernel's reason for a failure (as offline_pages() prints it), empty otherwise.</summary>
    public string Reason { get; set; } = "";

    /// <summary>scan_movable_pages() / do_migrate_range() rounds.</summary>
    public long Rounds { get; set; }

    /// <summary>Folios migrated off the node.</summary>
    public long Migrated { get; set; }

    /// <summary>Folios the last round found and could not migrate.</summary>
    public long FoliosLeft { get; set; }
}
