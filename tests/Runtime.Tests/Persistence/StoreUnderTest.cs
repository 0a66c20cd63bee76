namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>A real, fresh database for one test, with raw SQL access to damage it on purpose.</summary>
public abstract class StoreUnderTest : IDisposable
{
    /// <summary>The <c>sqlite:</c> or <c>postgres:</c> string that opens the store.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Runs a statement on the store's tables behind the store's back.</summary>
    public abstract void Execute(string sql);

    /// <summary>Runs a query on the store's tables and returns its first value as a long.</summary>
    public abstract long Query(string sql);

    public abstract void Dispose();
}
