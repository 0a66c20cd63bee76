using System.Runtime.CompilerServices;

// The persistence suite reaches the SQL dialects directly.
[assembly: InternalsVisibleTo("ActorMigration.Runtime.Tests")]
