using System.Text.RegularExpressions;
using ActorMigration.Runtime.Persistence.Sql;

namespace ActorMigration.Runtime.Persistence;

/// <summary>A journal and a snapshot store in one SQL database (Akka.Persistence.Sql's tables), opened from a connection string.</summary>
public sealed partial class PersistenceStore : IDisposable
{
    private const string SqliteScheme = "sqlite:";
    private const string PostgresScheme = "postgres:";
    private const string ExpectedForms =
        "expected 'sqlite:PATH' (a file, the default) or 'postgres:CONNSTR' (for example postgres:Host=127.0.0.1;Port=5432;Username=NAME;Password=SECRET;Database=NAME)";

    private readonly SqlSession session;

    private PersistenceStore(SqlSession session)
    {
        this.session = session;
        Journal = new SqlJournal(session);
        SnapshotStore = new SqlSnapshotStore(session);
    }

    /// <summary>The event journal.</summary>
    public IJournal Journal { get; }

    /// <summary>The snapshot store.</summary>
    public ISnapshotStore SnapshotStore { get; }

    /// <summary>Where the store is: a file path, or a connection string without its password.</summary>
    public string Location => session.Dialect.Location;

    /// <summary>Opens <c>sqlite:PATH</c> or <c>postgres:CONNSTR</c>, creating the tables on first use and checking their schema version.</summary>
    /// <exception cref="ArgumentException">The connection string has neither form.</exception>
    /// <exception cref="StoreUnavailableException">The file or server cannot be used.</exception>
    /// <exception cref="SchemaVersionMismatchException">The store was made by a build with another schema version.</exception>
    public static PersistenceStore Open(string connectionString) => Open(DialectFor(connectionString));

    /// <summary>Opens the store behind <paramref name="dialect"/>, which the store then owns.</summary>
    internal static PersistenceStore Open(SqlDialect dialect)
    {
        try
        {
            return new PersistenceStore(new SqlSession(dialect));
        }
        catch
        {
            dialect.Dispose();
            throw;
        }
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose() => session.Dispose();

    private static SqlDialect DialectFor(string connectionString)
    {
        if (connectionString.StartsWith(SqliteScheme, StringComparison.OrdinalIgnoreCase))
        {
            var path = connectionString[SqliteScheme.Length..];
            return path.Length > 0 ? new SqliteDialect(path) : throw new ArgumentException($"persistence store 'sqlite:' names no file: {ExpectedForms}", nameof(connectionString));
        }

        if (connectionString.StartsWith(PostgresScheme, StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return new PostgresDialect(connectionString[PostgresScheme.Length..]);
            }
            catch (ArgumentException error)
            {
                throw new ArgumentException($"persistence store 'postgres:' has an invalid connection string ({error.Message}): {ExpectedForms}", nameof(connectionString), error);
            }
        }

        // Echo only a plain scheme: anything else may be a connection string carrying a password.
        var scheme = Scheme().Match(connectionString);
        var what = scheme.Success ? $"scheme '{scheme.Groups[1].Value}' is not known" : "connection string has no scheme";
        throw new ArgumentException($"persistence store {what}: {ExpectedForms}", nameof(connectionString));
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]*):")]
    private static partial Regex Scheme();
}
