using System.Text;

namespace ActorMigration.Runtime.Persistence;

/// <summary>The CRC-32C of a stored row's key fields and payload, so a damaged row is found instead of replayed.</summary>
/// <remarks>Covers what a reader relies on; not <c>ordering</c> (assigned by the database) nor <c>deleted</c> (updated later).</remarks>
internal static class RowChecksum
{
    /// <summary>Checksum of a journal row.</summary>
    public static uint Journal(PersistentRepr e, string? tags, string writerUuid, long writeBatch, int batchRows)
    {
        var crc = Text(~0u, e.PersistenceId);
        crc = Crc32C.Update(crc, e.SequenceNr);
        crc = Crc32C.Update(crc, e.TimestampPs);
        crc = Text(crc, e.Manifest);
        crc = Text(crc, tags ?? "");
        crc = Text(crc, writerUuid);
        crc = Crc32C.Update(crc, writeBatch);
        crc = Crc32C.Update(crc, batchRows);
        crc = Crc32C.Update(crc, e.Payload.Length);
        return ~Crc32C.Update(crc, e.Payload);
    }

    /// <summary>Checksum of a snapshot row.</summary>
    public static uint Snapshot(SnapshotMetadata metadata, string manifest, byte[] snapshot)
    {
        var crc = Text(~0u, metadata.PersistenceId);
        crc = Crc32C.Update(crc, metadata.SequenceNr);
        crc = Crc32C.Update(crc, metadata.TimestampPs);
        crc = Text(crc, manifest);
        crc = Crc32C.Update(crc, snapshot.Length);
        return ~Crc32C.Update(crc, snapshot);
    }

    /// <summary>Folds a length-prefixed UTF-8 string, so adjacent fields cannot trade characters unnoticed.</summary>
    private static uint Text(uint crc, string text)
    {
        const int stackLimitBytes = 256;
        var length = Encoding.UTF8.GetByteCount(text);
        var bytes = length <= stackLimitBytes ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(text, bytes);
        return Crc32C.Update(Crc32C.Update(crc, length), bytes);
    }
}
