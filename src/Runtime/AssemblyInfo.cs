using System.Runtime.CompilerServices;

// The TestKit watches and inspects actors synchronously from outside the system, without a message round trip.
[assembly: InternalsVisibleTo("ActorMigration.TestKit")]
[assembly: InternalsVisibleTo("ActorMigration.Runtime.Tests")]
