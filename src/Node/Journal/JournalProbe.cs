using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMigration.Node.Journal;

/// <summary>Looks at a location before Akka.Persistence does: a reader must find a journal there and change nothing, a writer
/// must not mix its tables into another database, and a journal of the older format must be refused, not half-read.</summary>
internal static class JournalProbe
{
    // Akka.Persistence.Sql's journal table (its "sqlite" and "postgresql" table mappings); the older build's tables.
    private const string AkkaJournalTable = "event_journal";
    private static readonly string[] OlderFormatTables = ["persistence_schema", "journal"];

    /// <summary>Checks that a writer may use <paramref name="location"/> (creating the journal if there is none) or a reader may read it.</summary>
    public static void Check(JournalLocation location, bool writable)
    {
        if (!location.IsPostgres && !File.Exists(location.Target))
        {
            if (writable) return;
            throw new JournalFormatException($"{location.Display}: no such journal");
        }
        var tables = Tables(location);
        if (tables.Contains(AkkaJournalTable)) return;
        if (OlderFormatTables.All(tables.Contains))
            throw new JournalFormatException($"{location.Display} is a journal of the older format (actormigration's own tables journal, snapshot and persistence_schema, "
                + "before journals moved to Akka.Persistence.Sql): this build reads and writes Akka.Persistence.Sql journals only; journal new runs elsewhere");
        if (!writable) throw new JournalFormatException($"{location.Display} holds no journal (no {AkkaJournalTable} table)");
        if (!location.IsPostgres && tables.Count > 0)
            throw new JournalFormatException($"{location.Display} is an SQLite database of something else (tables: {string.Join(", ", tables.Order(StringComparer.Ordinal))}): journal runs into a new file");
    }

    private static HashSet<string> Tables(JournalLocation location)
    {
        try
        {
            using DbConnection connection = location.IsPostgres
                ? new NpgsqlConnection(location.ConnectionString(writable: false))
                : new SqliteConnection(location.ConnectionString(writable: false));
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = location.IsPostgres
                ? "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
                : "SELECT name FROM sqlite_master WHERE type = 'table'";
            using var reader = command.ExecuteReader();
            var tables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            while (reader.Read()) tables.Add(reader.GetString(0));
            return tables;
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
}
