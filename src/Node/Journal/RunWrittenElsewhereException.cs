namespace ActorMigration.Node.Journal;

/// <summary>Another attempt at the same run (the same scenario, so the same events) stored an event this one was writing: the run is
/// that attempt's to finish, and this one stops writing it.</summary>
public sealed class RunWrittenElsewhereException(string runId) : Exception($"{runId} is being written by another attempt at the same point");
