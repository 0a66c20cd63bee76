namespace ActorMigration.Contracts.Systems;

/// <summary>Memory tiers as mm/memory-tiers.c builds them: each node's abstract distance from its performance against DRAM's,
/// tiers of 128 abstract-distance units, the top tiers down to the slowest tier holding a CPU node, and each node's
/// demotion targets: the nearest nodes of the next lower tier (specific-purpose nodes among them as <see cref="SpmDemotion"/> says).</summary>
public sealed class MemoryTiers
{
    /// <summary>MEMTIER_ADISTANCE_DRAM: the middle of chunk 4.</summary>
    public const int DramAdistance = 4 * ChunkSize + ChunkSize / 2;

    /// <summary>The width of a tier in abstract-distance units (1 &lt;&lt; MEMTIER_CHUNK_BITS).</summary>
    public const int ChunkSize = 128;

    private readonly Dictionary<int, int> _adistance = [];
    private readonly Dictionary<int, IReadOnlyList<int>> _targets = [];

    /// <summary>The tiers of <paramref name="system"/>, with specific-purpose nodes demotion targets or not as <paramref name="spm"/> says
    /// (the SPM proposal's default: not).</summary>
    public MemoryTiers(SystemSpec system, SpmDemotion spm = SpmDemotion.Exclude)
    {
        // The performance every adistance is relative to: the first DRAM node's (node ids in order), as the kernel takes the
        // first CPU node's.
        var dram = system.Nodes.Where(n => n.HasCpus).OrderBy(n => n.Id).First();
        // Device-coherent memory is ZONE_DEVICE: no memory type registers it, so it has no tier and is no demotion target.
        var tiered = system.Nodes.Where(n => n.Kind != MemoryKind.DeviceCoherent).ToArray();
        foreach (var node in tiered)
            _adistance[node.Id] = (int)Math.Round(DramAdistance * (node.Latency.Picoseconds / (double)dram.Latency.Picoseconds)
                * (dram.Bandwidth.BytesPerSecond / node.Bandwidth.BytesPerSecond));
        Tiers = tiered.GroupBy(n => Tier(n.Id)).OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<int>)g.Select(n => n.Id).Order().ToArray()).ToArray();
        var lowestWithCpus = tiered.Where(n => n.HasCpus).Max(n => Tier(n.Id));
        TopTierNodes = tiered.Where(n => Tier(n.Id) <= lowestWithCpus).Select(n => n.Id).Order().ToArray();

        foreach (var node in system.Nodes)
        {
            // The next lower tier this node's host can reach (one host's expanders are not another host's), holding a node
            // demotion may allocate on.
            var demotes = !node.SpecificPurpose || spm != SpmDemotion.None;
            _targets[node.Id] = !_adistance.ContainsKey(node.Id) || !demotes ? [] : Tiers.Where(t => Tier(t[0]) > Tier(node.Id))
                .Select(t => Nearest(system, node, system.Nodes.Where(n => t.Contains(n.Id) && (!n.SpecificPurpose || spm == SpmDemotion.Target)).ToArray()))
                .FirstOrDefault(t => t.Length > 0) ?? [];
        }
    }

    /// <summary>The node ids of each tier, fastest tier first.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Tiers { get; }

    /// <summary>The nodes of the top tiers: what promotion moves to and NUMA balancing counts as fast memory.</summary>
    public IReadOnlyList<int> TopTierNodes { get; }

    /// <summary>A node's abstract distance; -1 for device-coherent memory, which has none.</summary>
    public int Adistance(int node) => _adistance.GetValueOrDefault(node, -1);

    /// <summary>A node's tier: its abstract distance in units of <see cref="ChunkSize"/>; -1 for device-coherent memory, in no tier.</summary>
    public int Tier(int node) => _adistance.TryGetValue(node, out var a) ? a / ChunkSize : -1;

    /// <summary>Where a node demotes to: the nearest nodes of the next lower tier it can reach (none from the lowest tier).</summary>
    public IReadOnlyList<int> DemotionTargets(int node) => _targets[node];

    // Nearest from where the node's memory is used: its own host and socket (any attached host for a pool).
    private static int[] Nearest(SystemSpec system, MemoryNodeSpec from, MemoryNodeSpec[] candidates)
    {
        var host = from.Hosts[0];
        var socket = from.Socket ?? 0;
        var reachable = candidates.Select(c => (c.Id, Latency: system.Latency(host, socket, c))).Where(c => c.Latency is not null).ToArray();
        if (reachable.Length == 0) return [];
        var best = reachable.Min(c => c.Latency!.Value);
        return reachable.Where(c => c.Latency == best).Select(c => c.Id).Order().ToArray();
    }
}
