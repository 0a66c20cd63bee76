using System.Data.Common;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>The store in one SQLite file (the embedded default): WAL mode, synchronous=NORMAL, one insert prepared once and rebound for every row.</summary>
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

    /// <remarks>
    /// The ordering its first row will get. SQLite transactions here begin IMMEDIATE, so batches never run side by side
    /// and a batch's rows get the consecutive orderings [batch, batch + rows): counting them needs no index on write_batch.
    /// </remarks>
    public override string NextWriteBatchSql => "SELECT COALESCE(MAX(ordering), 0) + 1 FROM journal";

    public override string CountBatchRowsSql =>
        "SELECT COUNT(*) FROM journal WHERE ordering >= @batch AND ordering < @batch + @rows AND write_batch = @batch";

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

    public override void InsertJournalRows(DbConnection connection, long writeBatch, string writerUuid, IReadOnlyList<PersistentRepr> events)
    {
        insert ??= new PreparedInsert((SqliteConnection)connection);
        insert.Write(writeBatch, writerUuid, events);
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

    /// <summary>The journal insert, prepared once per connection and rebound for each row through SQLite's own API, the fast path.</summary>
    private sealed class PreparedInsert : IDisposable
    {
        private static readonly string Sql =
            $"""
            INSERT INTO journal (persistence_id, sequence_number, created, tags, message, identifier, manifest, writer_uuid, deleted, write_batch, batch_rows, checksum)
            VALUES (?1, ?2, ?3, ?4, ?5, {ProtobufCodec.SerializerId}, ?6, ?7, 0, ?8, ?9, ?10)
            """;

        private readonly sqlite3 db;
        private readonly sqlite3_stmt statement;

        public PreparedInsert(SqliteConnection connection)
        {
            db = connection.Handle!;
            Check(raw.sqlite3_prepare_v2(db, Sql, out statement));
        }

        /// <summary>Inserts the rows inside the connection's open transaction; a value equal to the previous row's is not bound again.</summary>
        public void Write(long writeBatch, string writerUuid, IReadOnlyList<PersistentRepr> events)
        {
            Check(raw.sqlite3_bind_text(statement, 7, writerUuid));
            Check(raw.sqlite3_bind_int64(statement, 8, writeBatch));
            Check(raw.sqlite3_bind_int(statement, 9, events.Count));
            string? boundPersistenceId = null, boundManifest = null;
            foreach (var e in events)
            {
                var tags = JournalTags.Encode(e.Tags);
                if (e.PersistenceId != boundPersistenceId)
                {
                    Check(raw.sqlite3_bind_text(statement, 1, e.PersistenceId));
                    boundPersistenceId = e.PersistenceId;
                }

                Check(raw.sqlite3_bind_int64(statement, 2, e.SequenceNr));
                Check(raw.sqlite3_bind_int64(statement, 3, e.TimestampPs));
                Check(tags is null ? raw.sqlite3_bind_null(statement, 4) : raw.sqlite3_bind_text(statement, 4, tags));
                Check(raw.sqlite3_bind_blob(statement, 5, e.Payload));
                if (e.Manifest != boundManifest)
                {
                    Check(raw.sqlite3_bind_text(statement, 6, e.Manifest));
                    boundManifest = e.Manifest;
                }

                Check(raw.sqlite3_bind_int64(statement, 10, RowChecksum.Journal(e, tags, writerUuid, writeBatch, events.Count)));
                var stepped = raw.sqlite3_step(statement);
                raw.sqlite3_reset(statement);
                if (stepped != raw.SQLITE_DONE)
                {
                    SqliteException.ThrowExceptionForRC(stepped, db);
                }
            }
        }

        public void Dispose() => statement.Dispose();

        private void Check(int resultCode)
        {
            if (resultCode != raw.SQLITE_OK)
            {
                SqliteException.ThrowExceptionForRC(resultCode, db);
            }
        }
    }
}
