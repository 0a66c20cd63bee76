using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>The store in one SQLite file (the embedded default): WAL mode, synchronous=NORMAL, one prepared insert reused for every row.</summary>
internal sealed class SqliteDialect : SqlDialect
{
    private readonly string path;
    private readonly long? maxPageCount;
    private PreparedInsert? insert;

    static SqliteDialect() => Batteries_V2.Init();

    /// <summary>A store in the file at <paramref name="path"/>, created if missing; <paramref name="maxPageCount"/> caps its size in pages (SQLite's <c>max_page_count</c>).</summary>
    public SqliteDialect(string path, long? maxPageCount = null)
    {
        this.path = Path.GetFullPath(path);
        this.maxPageCount = maxPageCount;
    }

    public override string Location => $"SQLite file '{path}'";

    public override string SchemaSql =>
        """
        CREATE TABLE IF NOT EXISTS journal (
            ordering INTEGER PRIMARY KEY,
            persistence_id TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            created INTEGER NOT NULL,
            tags TEXT NULL,
            message BLOB NOT NULL,
            identifier INTEGER NULL,
            manifest TEXT NOT NULL,
            writer_uuid TEXT NOT NULL,
            deleted INTEGER NOT NULL DEFAULT 0,
            write_batch INTEGER NOT NULL,
            batch_rows INTEGER NOT NULL,
            checksum INTEGER NOT NULL,
            UNIQUE (persistence_id, sequence_number));
        CREATE INDEX IF NOT EXISTS journal_write_batch_idx ON journal (write_batch);
        CREATE TABLE IF NOT EXISTS snapshot (
            persistence_id TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            created INTEGER NOT NULL,
            snapshot BLOB NOT NULL,
            manifest TEXT NOT NULL,
            serializer_id INTEGER NULL,
            checksum INTEGER NOT NULL,
            PRIMARY KEY (persistence_id, sequence_number));
        CREATE TABLE IF NOT EXISTS persistence_schema (version INTEGER NOT NULL);
        """;

    /// <remarks>Unique because SQLite transactions here begin IMMEDIATE, so write batches never run side by side.</remarks>
    public override string NextWriteBatchSql => "SELECT COALESCE(MAX(write_batch), 0) + 1 FROM journal";

    public override DbConnection Open()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        try
        {
            connection.Open();
            using var pragmas = connection.CreateCommand();
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                + (maxPageCount is { } pages ? $" PRAGMA max_page_count = {pages};" : "");
            pragmas.ExecuteNonQuery();
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public override void InsertJournalRows(DbConnection connection, DbTransaction transaction, long writeBatch, string writerUuid, IReadOnlyList<PersistentRepr> events)
    {
        insert ??= new PreparedInsert((SqliteConnection)connection);
        insert.Write((SqliteTransaction)transaction, writeBatch, writerUuid, events);
    }

    public override PersistenceException Translate(DbException error, string operation)
    {
        var failed = $"{Location}: {operation} failed";
        return (error as SqliteException)?.SqliteErrorCode switch
        {
            raw.SQLITE_FULL => new StoreUnavailableException($"{failed}: the disk is full ({error.Message})", error),
            raw.SQLITE_CANTOPEN => new StoreUnavailableException($"{failed}: the file cannot be opened; does its folder exist and is it writable? ({error.Message})", error),
            raw.SQLITE_READONLY or raw.SQLITE_PERM or raw.SQLITE_AUTH => new StoreUnavailableException($"{failed}: the file cannot be written ({error.Message})", error),
            raw.SQLITE_IOERR => new StoreUnavailableException($"{failed}: the file system reported an I/O error ({error.Message})", error),
            raw.SQLITE_BUSY or raw.SQLITE_LOCKED => new StoreUnavailableException($"{failed}: the file stayed locked by another connection ({error.Message})", error),
            raw.SQLITE_CORRUPT or raw.SQLITE_NOTADB => new CorruptedDataException($"{failed}: the file is damaged, truncated or not an SQLite database ({error.Message})", innerException: error),
            _ => new PersistenceException($"{failed}: {error.Message}", error),
        };
    }

    public override void Dispose() => insert?.Dispose();

    /// <summary>The journal insert, prepared once per connection and rebound for each row.</summary>
    private sealed class PreparedInsert : IDisposable
    {
        private readonly SqliteCommand command;
        private readonly SqliteParameter persistenceId, sequenceNumber, created, tags, message, manifest, writerUuid, writeBatch, batchRows, checksum;

        public PreparedInsert(SqliteConnection connection)
        {
            command = connection.CreateCommand();
            command.CommandText =
                $"""
                INSERT INTO journal (persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid, deleted, write_batch, batch_rows, checksum)
                VALUES (@persistence_id, @sequence_number, @created, @tags, @message, {ProtobufCodec.SerializerId}, @manifest, @writer_uuid, 0, @write_batch, @batch_rows, @checksum)
                """;
            persistenceId = command.Parameters.Add("@persistence_id", SqliteType.Text);
            sequenceNumber = command.Parameters.Add("@sequence_number", SqliteType.Integer);
            created = command.Parameters.Add("@created", SqliteType.Integer);
            tags = command.Parameters.Add("@tags", SqliteType.Text);
            message = command.Parameters.Add("@message", SqliteType.Blob);
            manifest = command.Parameters.Add("@manifest", SqliteType.Text);
            writerUuid = command.Parameters.Add("@writer_uuid", SqliteType.Text);
            writeBatch = command.Parameters.Add("@write_batch", SqliteType.Integer);
            batchRows = command.Parameters.Add("@batch_rows", SqliteType.Integer);
            checksum = command.Parameters.Add("@checksum", SqliteType.Integer);
        }

        public void Write(SqliteTransaction transaction, long batch, string writer, IReadOnlyList<PersistentRepr> events)
        {
            command.Transaction = transaction;
            writerUuid.Value = writer;
            writeBatch.Value = batch;
            batchRows.Value = events.Count;
            foreach (var e in events)
            {
                var encodedTags = JournalTags.Encode(e.Tags);
                persistenceId.Value = e.PersistenceId;
                sequenceNumber.Value = e.SequenceNr;
                created.Value = e.TimestampPs;
                tags.Value = (object?)encodedTags ?? DBNull.Value;
                message.Value = e.Payload;
                manifest.Value = e.Manifest;
                checksum.Value = (long)RowChecksum.Journal(e, encodedTags, writer, batch, events.Count);
                command.ExecuteNonQuery();
            }
        }

        public void Dispose() => command.Dispose();
    }
}
