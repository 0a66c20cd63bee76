namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>The snapshot store in the <c>snapshot</c> table, one row per persistence id and sequence number, each with a checksum.</summary>
internal sealed class SqlSnapshotStore(SqlSession session) : ISnapshotStore
{
    private const string Matching =
        "persistence_id = @pid AND sequence_number <= @max_seq AND created <= @max_ts AND sequence_number >= @min_seq AND created >= @min_ts";

    public void SaveSnapshot(SnapshotMetadata metadata, string manifest, byte[] snapshot) =>
        session.Guard($"saving snapshot {metadata.SequenceNr} of '{metadata.PersistenceId}'", () =>
            session.Execute(
                """
                INSERT INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id, checksum)
                VALUES (@pid, @seq, @created, @snapshot, @manifest, @serializer_id, @checksum)
                ON CONFLICT (persistence_id, sequence_number) DO UPDATE SET
                    created = excluded.created, snapshot = excluded.snapshot, manifest = excluded.manifest,
                    serializer_id = excluded.serializer_id, checksum = excluded.checksum
                """,
                null,
                ("@pid", metadata.PersistenceId),
                ("@seq", metadata.SequenceNr),
                ("@created", metadata.TimestampPs),
                ("@snapshot", snapshot),
                ("@manifest", manifest),
                ("@serializer_id", ProtobufCodec.SerializerId),
                ("@checksum", (long)RowChecksum.Snapshot(metadata, manifest, snapshot))));

    public SelectedSnapshot? LoadSnapshot(string persistenceId, SnapshotSelectionCriteria criteria) =>
        session.Guard($"loading a snapshot of '{persistenceId}'", () =>
        {
            using var command = session.Command(
                $"SELECT sequence_number, created, snapshot, manifest, checksum FROM snapshot WHERE {Matching} ORDER BY sequence_number DESC LIMIT 1",
                null,
                Parameters(persistenceId, criteria));
            using var reader = command.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var metadata = new SnapshotMetadata(persistenceId, reader.GetInt64(0), reader.GetInt64(1));
            var selected = new SelectedSnapshot(metadata, reader.GetString(3), reader.GetFieldValue<byte[]>(2));
            var stored = reader.GetInt64(4);
            var computed = RowChecksum.Snapshot(metadata, selected.Manifest, selected.Snapshot);
            if (stored != computed)
            {
                throw new CorruptedDataException(
                    $"{session.Dialect.Location}: snapshot row (persistence id '{persistenceId}', sequence number {metadata.SequenceNr}) fails its checksum (stored 0x{stored:x8}, computed 0x{computed:x8}): the row was damaged or altered",
                    "snapshot",
                    persistenceId: persistenceId,
                    sequenceNr: metadata.SequenceNr);
            }

            return selected;
        });

    public void DeleteSnapshot(SnapshotMetadata metadata) =>
        session.Guard($"deleting snapshot {metadata.SequenceNr} of '{metadata.PersistenceId}'", () =>
            session.Execute(
                "DELETE FROM snapshot WHERE persistence_id = @pid AND sequence_number = @seq",
                null,
                ("@pid", metadata.PersistenceId),
                ("@seq", metadata.SequenceNr)));

    public void DeleteSnapshots(string persistenceId, SnapshotSelectionCriteria criteria) =>
        session.Guard($"deleting snapshots of '{persistenceId}'", () =>
            session.Execute($"DELETE FROM snapshot WHERE {Matching}", null, Parameters(persistenceId, criteria)));

    private static (string Name, object? Value)[] Parameters(string persistenceId, SnapshotSelectionCriteria criteria) =>
    [
        ("@pid", persistenceId),
        ("@max_seq", criteria.MaxSequenceNr),
        ("@max_ts", criteria.MaxTimestampPs),
        ("@min_seq", criteria.MinSequenceNr),
        ("@min_ts", criteria.MinTimestampPs),
    ];
}
