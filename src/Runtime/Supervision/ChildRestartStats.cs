using ActorMigration.Contracts.Units;

namespace ActorMigration.Runtime.Supervision;

/// <summary>Restarts of one child counted against its supervisor's budget, and when the current window opened.</summary>
internal readonly record struct ChildRestartStats(int Count, SimTime WindowStart);
