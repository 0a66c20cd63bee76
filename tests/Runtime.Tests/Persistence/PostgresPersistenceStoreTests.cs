using ActorMigration.Runtime.Persistence;

namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The shared store suite on a real PostgreSQL server, each test in a fresh schema, plus what only a server can suffer.</summary>
[RequiresPostgres]
public sealed class PostgresPersistenceStoreTests() : PersistenceStoreSpec(new PostgresStoreUnderTest())
{
    [StoreFact]
    public void A_lost_connection_is_reported_as_unavailable_then_and_afterwards()
    {
        Store.Journal.WriteMessages([new PersistentRepr("p", 1, 1, "m", [1])]);
        ((PostgresStoreUnderTest)Target).TerminateStoreSessions();

        var lost = Assert.Throws<StoreUnavailableException>(() => Store.Journal.ReadHighestSequenceNr("p", 0));
        var afterwards = Assert.Throws<StoreUnavailableException>(() => Store.Journal.WriteMessages([new PersistentRepr("p", 2, 2, "m", [2])]));

        Assert.Contains("SQLSTATE 57P01", lost.Message);
        Assert.Contains("writing a batch of 1 events failed: the connection was lost earlier; open the store again", afterwards.Message);
        Store.Dispose();
        Store = PersistenceStore.Open(Target.ConnectionString);
        Assert.Equal(1, Store.Journal.ReadHighestSequenceNr("p", 0));
    }
}
