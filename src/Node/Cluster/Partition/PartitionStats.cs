using System.Globalization;
using ActorMigration.Actors.Tiering;

namespace ActorMigration.Node.Cluster.Partition;

/// <summary>The <c>--stats</c> line of a partitioned run: what partitioning cost and where the wall time went.</summary>
public static class PartitionStats
{
    /// <summary>One line: partitions, windows, messages and bytes crossed, and the wall time of each phase out of <paramref name="wallMs"/>.</summary>
    public static string Format(int partitions, PartitionCounters c, double wallMs) => string.Create(CultureInfo.InvariantCulture,
        $"partitions {partitions}  windows {c.Windows}  crossed {c.Crossed} messages  window bytes {c.Bytes}  " +
        $"wall {wallMs:F0} ms: join {c.JoinMs:F0} ms, start {c.StartMs:F0} ms, windows: local {c.LocalMs:F0} ms (slowest member per window), sync+transport {c.SyncMs:F0} ms, serialization {c.SerializationMs:F0} ms (re-measured by the client)");
}
