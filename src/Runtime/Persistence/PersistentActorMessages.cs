using Google.Protobuf;

namespace ActorMigration.Runtime.Persistence;

/// <summary>Offered to the recovery handler before any replayed event when recovery starts from a snapshot (Akka's <c>SnapshotOffer</c>).</summary>
/// <param name="Metadata">Whose snapshot, after which event, taken at which virtual time.</param>
/// <param name="Snapshot">The saved state, decoded by the system's <see cref="ProtobufCodec"/>.</param>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, IMessage Snapshot);

/// <summary>Handed to the recovery handler after the last replayed event, before the first command (Akka's <c>RecoveryCompleted</c>).</summary>
public sealed class RecoveryCompleted
{
    /// <summary>The one instance.</summary>
    public static readonly RecoveryCompleted Instance = new();

    private RecoveryCompleted()
    {
    }

    /// <inheritdoc />
    public override string ToString() => nameof(RecoveryCompleted);
}

/// <summary>Told to a persistent actor by itself when a <c>SaveSnapshot</c> was stored (Akka's <c>SaveSnapshotSuccess</c>).</summary>
/// <param name="Metadata">The snapshot that was saved.</param>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Told to a persistent actor by itself when a <c>SaveSnapshot</c> could not be stored (Akka's <c>SaveSnapshotFailure</c>).</summary>
/// <param name="Metadata">The snapshot that was not saved.</param>
/// <param name="Cause">Why: the store failed, or the codec does not know the snapshot's type.</param>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Told to a persistent actor by itself when a <c>DeleteMessages</c> marked its events deleted (Akka's <c>DeleteMessagesSuccess</c>).</summary>
/// <param name="ToSequenceNr">The highest sequence number deleted.</param>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Told to a persistent actor by itself when a <c>DeleteMessages</c> failed (Akka's <c>DeleteMessagesFailure</c>).</summary>
/// <param name="Cause">Why: the store failed, or the request went beyond <c>LastSequenceNr</c>.</param>
/// <param name="ToSequenceNr">The sequence number the request asked to delete up to.</param>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);
