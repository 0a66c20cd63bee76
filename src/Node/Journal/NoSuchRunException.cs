namespace ActorMigration.Node.Journal;

/// <summary>The journal holds no run with the id asked for.</summary>
public sealed class NoSuchRunException(string message) : Exception(message);
