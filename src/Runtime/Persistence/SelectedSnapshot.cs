namespace ActorMigration.Runtime.Persistence;

/// <summary>A loaded snapshot (Akka's <c>SelectedSnapshot</c>).</summary>
/// <param name="Metadata">Which snapshot it is.</param>
/// <param name="Manifest">Names the Protocol Buffers message type of <paramref name="Snapshot"/>.</param>
/// <param name="Snapshot">The serialized state.</param>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, string Manifest, byte[] Snapshot);
