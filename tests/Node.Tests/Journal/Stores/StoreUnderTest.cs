namespace ActorMigration.Node.Tests.Journal;

/// <summary>A real, fresh database for one test's journal, with raw SQL access to Akka.Persistence.Sql's tables to damage them on purpose.</summary>
public abstract class StoreUnderTest : IDisposable
{
    /// <summary>The <c>sqlite:</c> or <c>postgres:</c> string that opens the journal.</summary>
    public abstract string ConnectionString { get; }

    /// <summary>Runs a statement on the store's tables behind the store's back.</summary>
    public abstract void Execute(string sql);

    /// <summary>Runs a query on the store's tables and returns its first value as a long.</summary>
    public abstract long Query(string sql);

    /// <summary>Flips every bit of one byte of an event's payload, as a bad disk or a careless hand would.</summary>
    public abstract void FlipPayloadByte(string persistenceId, long sequenceNr, int offset);

    public abstract void Dispose();
}
