using ActorMigration.Actors.Simulation;

namespace ActorMigration.Node.Cluster;

/// <summary>A message that crosses processes: bound to Hyperion in <see cref="MemberSettings.ToConfig"/>.</summary>
public interface IClusterMessage;

// The protocol of a distributed sweep. A client submits a sweep to the coordinator (a cluster singleton), which answers
// SweepAccepted or SweepRefused (another sweep is running), hands points to idle workers (RunPoint), and passes every finished point to the client
// (PointFinished); SweepFailed ends a sweep early. Workers register (RegisterWorker, answered by WorkerRegistered), then pull:
// each result (PointDone or PointFailed) also says the worker is idle again.

/// <summary>Client → coordinator: run these points; results are keyed by their position.</summary>
public sealed record SubmitSweep(Guid SweepId, string Name, IReadOnlyList<MigrationScenario> Scenarios) : IClusterMessage;

/// <summary>Coordinator → client: the sweep runs, on <paramref name="Workers"/> workers for now.</summary>
public sealed record SweepAccepted(Guid SweepId, int Workers) : IClusterMessage;

/// <summary>Coordinator → client: the sweep will not run (another sweep is running).</summary>
public sealed record SweepRefused(Guid SweepId, string Reason) : IClusterMessage;

/// <summary>Coordinator → client: point <paramref name="Index"/> finished (each point exactly once).</summary>
public sealed record PointFinished(Guid SweepId, int Index, MigrationRunResult Result, double WallMs) : IClusterMessage;

/// <summary>Coordinator → client: the sweep stopped before its end; nothing more comes.</summary>
public sealed record SweepFailed(Guid SweepId, string Reason) : IClusterMessage;

/// <summary>Worker → coordinator: this worker exists and is idle.</summary>
public sealed record RegisterWorker : IClusterMessage;

/// <summary>Coordinator → worker: registered; the sender is the coordinator to watch.</summary>
public sealed record WorkerRegistered : IClusterMessage;

/// <summary>Coordinator → worker: run point <paramref name="Index"/> of sweep <paramref name="SweepId"/>.</summary>
public sealed record RunPoint(Guid SweepId, int Index, MigrationScenario Scenario) : IClusterMessage;

/// <summary>Worker → coordinator: the point ran (and the worker is idle).</summary>
public sealed record PointDone(Guid SweepId, int Index, MigrationRunResult Result, double WallMs) : IClusterMessage;

/// <summary>Worker → coordinator: the point's simulation threw (and the worker is idle).</summary>
public sealed record PointFailed(Guid SweepId, int Index, string Error) : IClusterMessage;
