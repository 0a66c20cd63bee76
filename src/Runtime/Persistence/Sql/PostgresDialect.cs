using System.Data.Common;
using Npgsql;
using NpgsqlTypes;

namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>The store in a PostgreSQL database; write batches go in by binary COPY.</summary>
internal sealed class PostgresDialect : SqlDialect
{
    /// <summary>Key of the advisory lock that keeps two stores from creating the tables at the same moment.</summary>
    private const long SchemaLockKey = 0x416D_5065_7273; // "AmPers"

    private readonly string connectionString;

    /// <summary>A store in the database that <paramref name="connectionString"/> (Npgsql's form) names.</summary>
    /// <exception cref="ArgumentException">The connection string is malformed.</exception>
    public PostgresDialect(string connectionString)
    {
        this.connectionString = connectionString;
        Location = $"PostgreSQL '{new NpgsqlConnectionStringBuilder(connectionString) { Password = null }}'";
    }

    public override string Location { get; }

    public override string SchemaSql =>
        $"""
        SELECT pg_advisory_xact_lock({SchemaLockKey});
        CREATE TABLE IF NOT EXISTS journal (
            ordering BIGSERIAL PRIMARY KEY,
            persistence_id TEXT NOT NULL,
            sequence_number BIGINT NOT NULL,
            created BIGINT NOT NULL,
            tags TEXT NULL,
            message BYTEA NOT NULL,
            identifier INTEGER NULL,
            manifest TEXT NOT NULL,
            writer_uuid TEXT NOT NULL,
            deleted BOOLEAN NOT NULL DEFAULT FALSE,
            write_batch BIGINT NOT NULL,
            batch_rows INTEGER NOT NULL,
            checksum BIGINT NOT NULL,
            UNIQUE (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS journal_write_batch_idx ON journal (write_batch);
        CREATE SEQUENCE IF NOT EXISTS journal_write_batch_seq;
        CREATE TABLE IF NOT EXISTS snapshot (
            persistence_id TEXT NOT NULL,
            sequence_number BIGINT NOT NULL,
            created BIGINT NOT NULL,
            snapshot BYTEA NOT NULL,
            manifest TEXT NOT NULL,
            serializer_id INTEGER NULL,
            checksum BIGINT NOT NULL,
            PRIMARY KEY (persistence_id, sequence_number));
        CREATE TABLE IF NOT EXISTS persistence_schema (version INTEGER NOT NULL);
        """;

    public override string NextWriteBatchSql => "SELECT nextval('journal_write_batch_seq')";

    /// <remarks>Concurrent writers' rows interleave in ordering, so this counts through the index on write_batch.</remarks>
    public override string CountBatchRowsSql => "SELECT COUNT(*) FROM journal WHERE write_batch = @batch";

    public override DbConnection Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            connection.Open();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void InsertJournalRows(DbConnection connection, long writeBatch, string writerUuid, IReadOnlyList<PersistentRepr> events)
    {
        using var importer = ((NpgsqlConnection)connection).BeginBinaryImport(
            "COPY journal (persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid, deleted, write_batch, batch_rows, checksum) FROM STDIN (FORMAT BINARY)");
        foreach (var e in events)
        {
            var tags = JournalTags.Encode(e.Tags);
            importer.StartRow();
            importer.Write(e.PersistenceId, NpgsqlDbType.Text);
            importer.Write(e.SequenceNr, NpgsqlDbType.Bigint);
            importer.Write(e.TimestampPs, NpgsqlDbType.Bigint);
            if (tags is null)
            {
                importer.WriteNull();
            }
            else
            {
                importer.Write(tags, NpgsqlDbType.Text);
            }

            importer.Write(e.Payload, NpgsqlDbType.Bytea);
            importer.Write(ProtobufCodec.SerializerId, NpgsqlDbType.Integer);
            importer.Write(e.Manifest, NpgsqlDbType.Text);
            importer.Write(writerUuid, NpgsqlDbType.Text);
            importer.Write(false, NpgsqlDbType.Boolean);
            importer.Write(writeBatch, NpgsqlDbType.Bigint);
            importer.Write(events.Count, NpgsqlDbType.Integer);
            importer.Write((long)RowChecksum.Journal(e, tags, writerUuid, writeBatch, events.Count), NpgsqlDbType.Bigint);
        }

        importer.Complete();
    }

    public override PersistenceException Translate(DbException error, string operation)
    {
        var failed = $"{Location}: {operation} failed";
        if (error is not PostgresException server)
        {
            var cause = error.InnerException is { } inner ? $"{error.Message} {inner.Message}" : error.Message;
            return new StoreUnavailableException($"{failed}: the server cannot be reached or dropped the connection ({cause})", error);
        }

        var said = $"{server.MessageText}{(server.Detail is { } detail ? $" ({detail})" : "")} [SQLSTATE {server.SqlState}]";
        return server.SqlState switch
        {
            PostgresErrorCodes.DiskFull => new StoreUnavailableException($"{failed}: the server's disk is full: {said}", error),
            PostgresErrorCodes.InvalidPassword or PostgresErrorCodes.InvalidAuthorizationSpecification =>
                new StoreUnavailableException($"{failed}: the server refused the login: {said}", error),
            PostgresErrorCodes.InvalidCatalogName => new StoreUnavailableException($"{failed}: the database does not exist: {said}", error),
            ['0', '8', ..] or ['5', '3', ..] or ['5', '7', 'P', ..] => new StoreUnavailableException($"{failed}: {said}", error),
            PostgresErrorCodes.DataCorrupted or PostgresErrorCodes.IndexCorrupted => new CorruptedDataException($"{failed}: {said}", innerException: error),
            _ => new PersistenceException($"{failed}: {said}", error),
        };
    }
}
