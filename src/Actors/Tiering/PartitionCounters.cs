namespace ActorMigration.Actors.Tiering;

/// <summary>What a partitioned run spent on being partitioned: windows, messages and bytes that crossed partitions, and the wall
/// time of each phase (summed over windows).</summary>
public sealed class PartitionCounters
{
    /// <summary>Wall time to join the cluster and find the members (a cluster run only).</summary>
    public double JoinMs { get; set; }

    /// <summary>Wall time to build the partitions' worlds, until the last is ready.</summary>
    public double StartMs { get; set; }

    /// <summary>Windows run.</summary>
    public long Windows { get; set; }

    /// <summary>Messages that crossed partitions.</summary>
    public long Crossed { get; set; }

    /// <summary>Bytes of the window messages between the coordinator and the members, as serialized (a cluster run only).</summary>
    public long Bytes { get; set; }

    /// <summary>Wall time the members spent running their windows: the slowest member's, per window.</summary>
    public double LocalMs { get; set; }

    /// <summary>Wall time spent serializing and deserializing window messages (a cluster run only, measured on the coordinator's side).</summary>
    public double SerializationMs { get; set; }

    /// <summary>Wall time of the window rounds beyond the slowest member's work: transport and synchronisation.</summary>
    public double SyncMs { get; set; }
}
