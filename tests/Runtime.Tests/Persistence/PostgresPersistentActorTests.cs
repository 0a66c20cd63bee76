namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The persistent-actor suite on a real PostgreSQL server, each test in a fresh schema.</summary>
[RequiresPostgres]
public sealed class PostgresPersistentActorTests() : PersistentActorSpec(new PostgresStoreUnderTest());
