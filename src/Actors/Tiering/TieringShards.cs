using ActorMigration.Contracts.Systems;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tiering;

/// <summary>How a tiered system divides into shards and partitions: shard i is the system's i-th host, the shard after the last
/// host holds the pools' devices; partition p of n holds a contiguous run of hosts, partition 0 the devices too.</summary>
/// <remarks>Hosts meet only through their pools' devices, by messages one pool epoch long (<see cref="PoolDevice"/>): the
/// lookahead of a run partitioned by host.</remarks>
public static class TieringShards
{
    /// <summary>The shard of the pools' devices.</summary>
    public static int PoolShard(SystemSpec system) => system.Hosts.Count;

    /// <summary>Every shard of <paramref name="system"/>.</summary>
    public static IReadOnlySet<int> All(SystemSpec system) => Enumerable.Range(0, system.Hosts.Count + 1).ToHashSet();

    /// <summary>The shards partition <paramref name="partition"/> of <paramref name="partitions"/> holds.</summary>
    public static IReadOnlySet<int> OfPartition(SystemSpec system, int partition, int partitions)
    {
        if (partitions < 1 || partitions > system.Hosts.Count)
            throw new ArgumentOutOfRangeException(nameof(partitions), partitions, $"System {system.Name} has {system.Hosts.Count} hosts: it splits into 1 to {system.Hosts.Count} partitions");
        var shards = Enumerable.Range(0, system.Hosts.Count).Where(h => PartitionOfHost(system, h, partitions) == partition).ToHashSet();
        if (partition == 0) shards.Add(PoolShard(system));
        return shards;
    }

    /// <summary>The partition holding top-level actor <paramref name="name"/> when a message for it crosses partitions: a pool's
    /// device or a host's bus.</summary>
    public static int PartitionOfReceiver(SystemSpec system, string name, int partitions)
    {
        if (name.StartsWith("pool", StringComparison.Ordinal)) return 0;
        for (var h = 0; h < system.Hosts.Count; h++)
            if (name == BusName(system.Hosts[h].Name)) return PartitionOfHost(system, h, partitions);
        throw new ArgumentException($"No actor of system {system.Name} named {name} receives messages from other partitions", nameof(name));
    }

    /// <summary>The least latency of a message between shards: the pool epoch when a pool has a device of its own; none otherwise
    /// (hosts never meet).</summary>
    public static SimTime? Lookahead(TieringScenario scenario) =>
        scenario.System.Nodes.Any(n => n.DeviceBandwidth is not null) ? scenario.PoolEpoch ?? scenario.Epoch : null;

    /// <summary>The name of pool <paramref name="node"/>'s device actor.</summary>
    public static string DeviceName(int node) => $"pool{node}";

    /// <summary>The name of <paramref name="host"/>'s bus actor.</summary>
    public static string BusName(string host) => $"{host}-bus";

    private static int PartitionOfHost(SystemSpec system, int host, int partitions) => (int)((long)host * partitions / system.Hosts.Count);
}
