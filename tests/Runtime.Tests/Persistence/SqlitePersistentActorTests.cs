namespace ActorMigration.Runtime.Tests.Persistence;

/// <summary>The persistent-actor suite on a real SQLite file.</summary>
public sealed class SqlitePersistentActorTests() : PersistentActorSpec(new SqliteStoreUnderTest());
