namespace ActorMigration.Runtime.VirtualTime;

/// <summary>Something tried to make a simulation depend on threads or the wall clock; the world refused it.</summary>
public sealed class DeterminismViolationException(string message) : InvalidOperationException(message);
