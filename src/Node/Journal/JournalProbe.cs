using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMigration.Node.Journal;

/// <summary>Looks at a location before Akka.Persistence does, so that what would go wrong there is said at once and plainly:
/// a reader must find a journal and change nothing; a writer must be able to write, and must not mix its tables into another
/// SQLite database; a journal of the older format is refused, not half-read.</summary>
internal static class JournalProbe
{
    // Akka.Persistence.Sql's journal table (its "sqlite" and "postgresql" table mappings); the older build's tables.
    private const string AkkaJournalTable = "event_journal";
    private static readonly string[] OlderFormatTables = ["persistence_schema", "journal"];

    // SQLITE_READONLY_ROLLBACK: a writer was killed mid-write, and its rollback journal must be played back before anyone reads.
    private const int HotJournal = 776;

    /// <summary>Checks that a writer may use <paramref name="location"/> (creating the journal if there is none) or a reader may read it.</summary>
    public static void Check(JournalLocation location, bool writable)
    {
        if (!location.IsPostgres && !writable && !File.Exists(location.Target)) throw new JournalFormatException($"{location.Display}: no such journal");
        try
        {
            var (connection, tables) = Open(location, writable);
            using var _ = connection;
            if (!tables.Contains(AkkaJournalTable))
            {
                if (OlderFormatTables.All(tables.Contains))
                    throw new JournalFormatException($"{location.Display} is a journal of the older format (actormigration's own tables journal, snapshot and "
                        + "persistence_schema, before journals moved to Akka.Persistence.Sql): this build reads and writes Akka.Persistence.Sql journals only; journal new runs elsewhere");
                if (!writable) throw new JournalFormatException($"{location.Display} holds no journal (no {AkkaJournalTable} table)");
                if (!location.IsPostgres && tables.Count > 0)
                    throw new JournalFormatException($"{location.Display} is an SQLite database of something else (tables: {string.Join(", ", tables.Order(StringComparer.Ordinal))}): journal runs into a new file");
            }
            if (writable) CheckWritable(connection, location, tables.Contains(AkkaJournalTable));
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 26) // SQLITE_NOTADB
        {
            throw new JournalFormatException($"{location.Display} is not an SQLite database");
        }
        catch (DbException e)
        {
            throw JournalFailures.Unavailable(location, e);
        }
    }

    // An open connection and the tables it sees.
    private static (DbConnection Connection, HashSet<string> Tables) Open(JournalLocation location, bool writable)
    {
        DbConnection connection = location.IsPostgres
            ? new NpgsqlConnection(location.ConnectionString(writable))
            : new SqliteConnection(location.ConnectionString(writable));
        try
        {
            connection.Open();
            return (connection, Tables(connection, location));
        }
        catch (SqliteException e) when (!writable && e.SqliteExtendedErrorCode == HotJournal)
        {
            // The only change a reader makes: SQLite's own rollback of the unfinished write, which restores the last commit.
            connection.Dispose();
            using (var recovery = new SqliteConnection(new SqliteConnectionStringBuilder(location.ConnectionString(writable: false)) { Mode = SqliteOpenMode.ReadWrite }.ConnectionString))
            {
                recovery.Open();
                Tables(recovery, location);
            }
            return Open(location, writable: false);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static HashSet<string> Tables(DbConnection connection, JournalLocation location)
    {
        using var command = connection.CreateCommand();
        command.CommandText = location.IsPostgres
            ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            : "SELECT name FROM sqlite_master WHERE type = 'table'";
        using var reader = command.ExecuteReader();
        var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.Read()) tables.Add(reader.GetString(0));
        return tables;
    }

    // Akka.Persistence.Sql would otherwise fail in the background, retrying its table creation until a claim times out.
    private static void CheckWritable(DbConnection connection, JournalLocation location, bool hasJournal)
    {
        using var command = connection.CreateCommand();
        if (!location.IsPostgres)
        {
            command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            command.ExecuteNonQuery();
            return;
        }
        command.CommandText = hasJournal
            ? $"SELECT current_schema(), has_table_privilege('{AkkaJournalTable}', 'INSERT')"
            : "SELECT current_schema(), has_schema_privilege(current_schema(), 'CREATE')";
        using var reader = command.ExecuteReader();
        reader.Read();
        if (reader.IsDBNull(0))
            throw new JournalUnavailableException($"{location.Display}: no schema of the search path exists: create one, or name one with 'Search Path=SCHEMA'");
        if (!reader.GetBoolean(1))
            throw new JournalUnavailableException(hasJournal
                ? $"{location.Display}: this login may not write table {reader.GetString(0)}.{AkkaJournalTable}"
                : $"{location.Display}: this login may not create tables in schema {reader.GetString(0)}");
    }
}
