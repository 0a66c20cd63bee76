namespace ActorMigration.Node.Journal;

/// <summary>The journal cannot be used now: the server is unreachable or refuses the login, the file is locked or the disk full,
/// a write did not complete. Nothing written after it is presented as complete.</summary>
public sealed class JournalUnavailableException(string message, Exception? cause = null) : Exception(message, cause);
