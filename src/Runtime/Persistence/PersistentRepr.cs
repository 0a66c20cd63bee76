namespace ActorMigration.Runtime.Persistence;

/// <summary>One journaled event (Akka's <c>Persistent</c>): the n-th event of one persistent actor, stamped with virtual time.</summary>
/// <param name="PersistenceId">The persistent actor that wrote the event.</param>
/// <param name="SequenceNr">The event's position in that actor's history, from 1 up.</param>
/// <param name="TimestampPs">Virtual time of the event in picoseconds, stored in the <c>created</c> column.</param>
/// <param name="Manifest">Names the Protocol Buffers message type of <paramref name="Payload"/>.</param>
/// <param name="Payload">The serialized message.</param>
public sealed record PersistentRepr(string PersistenceId, long SequenceNr, long TimestampPs, string Manifest, byte[] Payload)
{
    /// <summary>Tags for queries by tag (Akka's <c>Tagged</c>); none by default.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];
}
