using ActorMigration.Runtime.Tracing;

namespace ActorMigration.Runtime.VirtualTime;

/// <summary>A part of a model that always lives in one world (a host of a tiered system, a pool's device): the actors it holds
/// number their sends among themselves, and their deliveries fold into a trace of its own. So a shard orders and hashes its
/// events alike whether its world holds every shard (one process) or only some (a partitioned run).</summary>
/// <remarks>Sender ids are <c>(index + 1) &lt;&lt; 32</c> plus the actor's rank in the shard's creation order (0 for code outside
/// the world acting for the shard): a deterministic global scheme, not a world's creation order, which a partition could not
/// reproduce. Actors created before any shard is used (the simulation root, unsharded worlds) keep the world's creation order.</remarks>
public sealed class WorldShard
{
    internal WorldShard(int index)
    {
        Index = index;
        BaseId = index < 0 ? 0 : (ulong)(index + 1) << 32;
    }

    /// <summary>The shard's place in the model's fixed order (-1: the world's unsharded part).</summary>
    public int Index { get; }

    /// <summary>The sender id of code outside the world acting for this shard; its actors' ids follow it.</summary>
    internal ulong BaseId { get; }

    /// <summary>Actors created in the shard so far.</summary>
    internal ulong Created;

    /// <summary>Sends of code outside the world acting for this shard so far.</summary>
    internal long ExternalSeq;

    /// <summary>The shard's deliveries, in their order.</summary>
    internal TraceHash Trace = new();

    /// <summary>The hash of the shard's deliveries so far.</summary>
    public ulong TraceHash => Trace.Value;

    /// <summary>User messages delivered to the shard's actors so far.</summary>
    public long DeliveredCount { get; internal set; }

    /// <summary>The trace hash of a whole model from its shards' hashes, combined in shard order (whichever worlds held them).</summary>
    public static ulong CombinedTraceHash(IEnumerable<(int Shard, ulong TraceHash)> shards)
    {
        var h = 0x2545f4914f6cdd1dUL;
        foreach (var (shard, trace) in shards.OrderBy(s => s.Shard))
            h = StableHash.Combine(StableHash.Combine(h, (ulong)shard), trace);
        return h;
    }
}
