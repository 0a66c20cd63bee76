using System.Data;
using System.Data.Common;

namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>One open connection to a store, with its schema checked, and the translation of database errors into store exceptions.</summary>
internal sealed class SqlSession : IDisposable
{
    /// <summary>The version of the tables this build reads and writes, kept in <c>persistence_schema</c>.</summary>
    public const int SchemaVersion = 1;

    private readonly DbConnection connection;

    /// <summary>Opens the store and creates or checks its schema.</summary>
    public SqlSession(SqlDialect dialect)
    {
        Dialect = dialect;
        connection = Guard("opening the store", dialect.Open);
        try
        {
            Guard("creating the schema", EnsureSchema);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>The database behind the session.</summary>
    public SqlDialect Dialect { get; }

    /// <summary>The open connection.</summary>
    public DbConnection Connection => connection;

    /// <summary>Runs <paramref name="action"/>, turning a database error into the store exception for <paramref name="operation"/>.</summary>
    /// <exception cref="StoreUnavailableException">Also when an earlier operation lost the connection; the store must be opened again.</exception>
    public T Guard<T>(string operation, Func<T> action)
    {
        if (connection is { State: not ConnectionState.Open })
        {
            throw new StoreUnavailableException($"{Dialect.Location}: {operation} failed: the connection was lost earlier; open the store again");
        }

        try
        {
            return action();
        }
        catch (DbException error)
        {
            throw Dialect.Translate(error, operation);
        }
    }

    /// <summary>Runs <paramref name="action"/>, turning a database error into the store exception for <paramref name="operation"/>.</summary>
    public void Guard(string operation, Action action) => Guard(operation, () =>
    {
        action();
        return 0;
    });

    /// <summary>A command for <paramref name="sql"/> with parameters given as (name, value) pairs.</summary>
    public DbCommand Command(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    /// <summary>Runs a statement, returning the number of rows it changed.</summary>
    public int Execute(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query, returning its first column of its first row, or null if it has none or it is NULL.</summary>
    public object? Scalar(string sql, DbTransaction? transaction, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, transaction, parameters);
        var value = command.ExecuteScalar();
        return value is DBNull ? null : value;
    }

    /// <summary>Closes the connection.</summary>
    public void Dispose()
    {
        Dialect.Dispose();
        connection.Dispose();
    }

    private void EnsureSchema()
    {
        using var transaction = connection.BeginTransaction();
        Execute(Dialect.SchemaSql, transaction);
        var found = Scalar("SELECT MAX(version) FROM persistence_schema", transaction);
        if (found is null)
        {
            Execute("INSERT INTO persistence_schema (version) VALUES (@version)", transaction, ("@version", SchemaVersion));
        }
        else if (Convert.ToInt32(found, System.Globalization.CultureInfo.InvariantCulture) != SchemaVersion)
        {
            throw new SchemaVersionMismatchException(
                $"{Dialect.Location} holds persistence schema version {found}, but this build reads version {SchemaVersion}; use a new store or a matching build");
        }

        transaction.Commit();
    }
}
