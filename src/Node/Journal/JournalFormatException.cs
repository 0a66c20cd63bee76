namespace ActorMigration.Node.Journal;

/// <summary>The location holds no journal this build can use: nothing there (for a reader), something else, or the older format.</summary>
public sealed class JournalFormatException(string message) : Exception(message);
