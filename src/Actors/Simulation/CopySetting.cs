using ActorMigration.Contracts.Platform;

namespace ActorMigration.Actors.Simulation;

/// <summary>The migrator a machine registers for the batch copy: its mode, threads or channels, engine kind and where mtcopy's
/// workers run.</summary>
/// <param name="Mode">The copy path; <see cref="CopyMode.Vanilla"/> registers nothing.</param>
/// <param name="Workers">mtcopy threads or dcbm channels.</param>
/// <param name="Engine">dcbm's engine kind; null: any, preferring the destination node's.</param>
/// <param name="Placement">Where mtcopy's workers run.</param>
/// <param name="TaskCpu">The CPU of the migrating thread, after whose core pair the workers are placed.</param>
public sealed record CopySetting(CopyMode Mode, int Workers, EngineKind? Engine, WorkerPlacement Placement, int TaskCpu);
