using System.Data.Common;

namespace ActorMigration.Runtime.Persistence.Sql;

/// <summary>What differs between the SQL databases behind the store: connecting, table definitions, batch ids, bulk insert, errors.</summary>
internal abstract class SqlDialect : IDisposable
{
    /// <summary>Where the store is, for messages: a file path, or a connection string without its password.</summary>
    public abstract string Location { get; }

    /// <summary>Creates the tables if missing (<c>journal</c>, <c>snapshot</c>, <c>persistence_schema</c>); run inside a transaction.</summary>
    public abstract string SchemaSql { get; }

    /// <summary>A query returning a fresh write batch id, higher than any before; run inside the batch's transaction.</summary>
    public abstract string NextWriteBatchSql { get; }

    /// <summary>A query counting the rows the journal holds of write batch <c>@batch</c>, which was written with <c>@rows</c> rows.</summary>
    public abstract string CountBatchRowsSql { get; }

    /// <summary>Opens a connection to the store, set up for this dialect.</summary>
    public abstract DbConnection Open();

    /// <summary>Inserts one write batch's rows, with their checksums, inside the connection's open transaction.</summary>
    public abstract void InsertJournalRows(DbConnection connection, long writeBatch, string writerUuid, IReadOnlyList<PersistentRepr> events);

    /// <summary>The store exception that says what <paramref name="error"/> means for <paramref name="operation"/>.</summary>
    public abstract PersistenceException Translate(DbException error, string operation);

    /// <summary>Releases statements the dialect keeps prepared.</summary>
    public virtual void Dispose()
    {
    }
}
