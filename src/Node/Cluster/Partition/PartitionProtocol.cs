using ActorMigration.Actors.Tiering;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Node.Cluster.Partition;

// The protocol of a partitioned run. The client's coordinator asks each chosen member's partition host to start a partition
// (StartPartition); the host's runner builds its world and answers PartitionReady (or PartitionFailed). Then, window by window, the
// coordinator sends every runner RunWindow (the crossings for it, the window's end) and each answers WindowDone (its crossings, its
// next event, and at a stop its counters and traces). EndPartition ends a runner; a runner whose coordinator is lost ends itself.

/// <summary>Coordinator → partition host: build partition <paramref name="Partition"/> of <paramref name="Partitions"/> of the scenario.</summary>
public sealed record StartPartition(Guid RunId, TieringScenario Scenario, int Partition, int Partitions) : IClusterMessage;

/// <summary>Runner → coordinator: the partition's world is built; its earliest event (null: none). The sender is the runner to watch.</summary>
public sealed record PartitionReady(Guid RunId, int Partition, long? NextEventPs) : IClusterMessage;

/// <summary>Runner or host → coordinator: the partition cannot go on (its simulation threw); nothing more comes from it.</summary>
public sealed record PartitionFailed(Guid RunId, int Partition, string Reason) : IClusterMessage;

/// <summary>Coordinator → runner: inject <paramref name="Inbox"/>, run every event before <paramref name="EndPs"/>; at a stop, report counters.</summary>
public sealed record RunWindow(Guid RunId, long EndPs, bool Stop, IReadOnlyList<CrossingSend> Inbox) : IClusterMessage;

/// <summary>Runner → coordinator: the window ran.</summary>
/// <param name="RunId">The run.</param>
/// <param name="Partition">The runner's partition.</param>
/// <param name="Outbox">Messages for other partitions, sent in the window.</param>
/// <param name="NextEventPs">The partition's earliest event now (null: none).</param>
/// <param name="Telemetry">At a stop: the counters of each host shard the partition holds.</param>
/// <param name="Shards">At a stop: each shard's trace hash and deliveries.</param>
/// <param name="LocalMs">Wall time the window took on the member.</param>
public sealed record WindowDone(Guid RunId, int Partition, IReadOnlyList<CrossingSend> Outbox, long? NextEventPs,
    IReadOnlyDictionary<int, TieringTelemetry>? Telemetry, IReadOnlyList<ShardTrace>? Shards, double LocalMs) : IClusterMessage;

/// <summary>A shard's trace hash and deliveries.</summary>
public sealed record ShardTrace(int Shard, ulong TraceHash, long Delivered);

/// <summary>Coordinator → runner: the run is over (or abandoned); the runner stops and frees its world.</summary>
public sealed record EndPartition(Guid RunId) : IClusterMessage;
