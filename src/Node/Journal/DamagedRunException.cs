namespace ActorMigration.Node.Journal;

/// <summary>A run's journal is damaged where it must be read: what is damaged is reported, never replayed.</summary>
public sealed class DamagedRunException(string message) : Exception(message);
