using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace ActorMigration.Node.Journal;

/// <summary>Where a journal is: an SQLite file (<c>sqlite:PATH</c>, or just <c>PATH</c>) or a PostgreSQL database
/// (<c>postgres:CONNSTR</c>, tables in the connection's search path).</summary>
public sealed partial record JournalLocation
{
    private const string SqliteScheme = "sqlite:";
    private const string PostgresScheme = "postgres:";
    private const string ExpectedForms =
        "expected a file path or sqlite:PATH (SQLite), or postgres:CONNSTR (e.g. postgres:Host=127.0.0.1;Port=5432;Username=NAME;Password=SECRET;Database=NAME)";

    private JournalLocation(bool isPostgres, string target)
    {
        IsPostgres = isPostgres;
        Target = target;
    }

    /// <summary>True for PostgreSQL, false for an SQLite file.</summary>
    public bool IsPostgres { get; }

    /// <summary>The SQLite file's path, or the Npgsql connection string.</summary>
    public string Target { get; }

    /// <summary>How the journal is named to people: the file, or the connection string without its password.</summary>
    public string Display => IsPostgres ? "postgres:" + new NpgsqlConnectionStringBuilder(Target) { Password = null, SslPassword = null } : Target;

    /// <summary>Reads <c>sqlite:PATH</c>, <c>postgres:CONNSTR</c> or a bare path.</summary>
    /// <exception cref="ArgumentException">An empty path or connection string, a malformed connection string, an unknown scheme.</exception>
    public static JournalLocation Parse(string text)
    {
        if (text.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase)) return Sqlite(text[SqliteScheme.Length..], "'sqlite:' names no file");
        if (text.StartsWith(PostgresScheme, StringComparison.OrdinalIgnoreCase))
        {
            var connection = text[PostgresScheme.Length..];
            if (connection.Trim().Length == 0) throw new ArgumentException($"'postgres:' has no connection string: {ExpectedForms}");
            try
            {
                return new JournalLocation(true, new NpgsqlConnectionStringBuilder(connection).ConnectionString);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"'postgres:' has an invalid connection string ({error.Message}): {ExpectedForms}");
            }
        }
        // Echo only a plain scheme: anything else may be a connection string carrying a password.
        if (Scheme().Match(text) is { Success: true } scheme) throw new ArgumentException($"journal kind '{scheme.Groups[1].Value}:' is not known: {ExpectedForms}");
        return Sqlite(text, "no journal named");
    }

    /// <summary>The connection string of Akka.Persistence.Sql's provider; a reader's cannot write (nor create a file).</summary>
    internal string ConnectionString(bool writable) => IsPostgres ? PostgresConnectionString(writable) : new SqliteConnectionStringBuilder
        {
            DataSource = Target,
            Mode = writable ? SqliteOpenMode.ReadWriteCreate : SqliteOpenMode.ReadOnly,
            // A fresh connection per operation: a pooled one once came back inside a transaction ("cannot start a transaction
            // within a transaction", seen once in CI); opening an SQLite file costs microseconds.
            Pooling = false,
            // Several processes may write one file: SQLite makes a writer wait for the lock, up to this many seconds (less than
            // the journal's 60 s per call, so that a write reported failed has failed).
            DefaultTimeout = 45,
        }.ConnectionString;

    /// <summary>The location as people see it: never the password.</summary>
    public override string ToString() => Display;

    private string PostgresConnectionString(bool writable)
    {
        var builder = new NpgsqlConnectionStringBuilder(Target);
        if (!writable) builder.Options = $"{builder.Options} -c default_transaction_read_only=on".Trim();
        return builder.ConnectionString;
    }

    private static JournalLocation Sqlite(string path, string problem) =>
        path.Trim().Length > 0 ? new JournalLocation(false, path) : throw new ArgumentException($"{problem}: {ExpectedForms}");

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]+):")]
    private static partial Regex Scheme();
}
