using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Simulation;

/// <summary>The outcome of one simulated run: the call's report and the run's determinism fingerprint.</summary>
/// <param name="Report">What migrate_pages() did.</param>
/// <param name="TraceHash">The running hash of every delivery of the run.</param>
/// <param name="Events">Messages delivered.</param>
/// <param name="SimTimePs">Virtual time at the end of the run.</param>
public sealed record MigrationRunResult(MigrationReport Report, ulong TraceHash, long Events, long SimTimePs);
