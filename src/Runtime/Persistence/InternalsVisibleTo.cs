using System.Runtime.CompilerServices;

// The persistence tests reach the SQLite dialect's page cap to fill a real file up (disk full).
[assembly: InternalsVisibleTo("ActorMigration.Runtime.Tests")]
