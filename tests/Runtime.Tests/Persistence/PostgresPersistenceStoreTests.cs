namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The shared store suite on a real PostgreSQL server, each test in a fresh schema.</summary>
[RequiresPostgres]
public sealed class PostgresPersistenceStoreTests() : PersistenceStoreSpec(new PostgresStoreUnderTest());
