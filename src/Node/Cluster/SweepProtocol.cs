using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Journal;

namespace ActorMigration.Node.Cluster;

/// <summary>A message that crosses processes: bound to Hyperion in <see cref="MemberSettings.ToConfig"/>.</summary>
public interface IClusterMessage;

// The protocol of a distributed sweep. A client submits a sweep to the coordinator (a cluster singleton), which answers
// SweepAccepted or SweepRefused (another sweep is running), hands points to workers (RunPoints, up to SweepCoordinator.PointsAhead
// each), and passes the finished points to the client (PointsFinished); SweepFailed ends a sweep early. Workers register
// (RegisterWorker, answered by WorkerRegistered), then pull: each result (in PointsDone, or PointFailed) also frees a place in the
// worker's queue. Points go out and results come back several to a message: a message costs both ends more than the small points
// it carries. When the coordinator is lost, the client asks its successor to resume the sweep (ResumeSweep): the successor,
// having recovered the sweep's persisted progress, answers SweepAccepted and sends again the points the client lacks, or
// SweepRefused when it has no record of the sweep.

/// <summary>Client → coordinator: run these points; results are keyed by their position. With <paramref name="Journal"/>, the
/// workers journal each point's run into the run the client claimed for it.</summary>
public sealed record SubmitSweep(Guid SweepId, string Name, IReadOnlyList<MigrationScenario> Scenarios, SweepJournal? Journal = null) : IClusterMessage;

/// <summary>Where a distributed sweep journals its runs: the journal (<c>postgres:CONNSTR</c>, which every worker reaches), the
/// detail, and the run id the client claimed for each point, in scenario order (as a local <c>sweep --journal</c> claims them).</summary>
public sealed record SweepJournal(string Location, JournalDetail Detail, IReadOnlyList<string> RunIds);

/// <summary>Client → the successor of a lost coordinator: resume sweep <paramref name="SweepId"/>, of which the client holds the
/// points <paramref name="Received"/>.</summary>
public sealed record ResumeSweep(Guid SweepId, IReadOnlyList<int> Received) : IClusterMessage;

/// <summary>Coordinator → client: the sweep runs, on <paramref name="Workers"/> workers for now.</summary>
public sealed record SweepAccepted(Guid SweepId, int Workers) : IClusterMessage;

/// <summary>Coordinator → client: the sweep will not run (another sweep is running).</summary>
public sealed record SweepRefused(Guid SweepId, string Reason) : IClusterMessage;

/// <summary>Point <paramref name="Index"/> finished, with <paramref name="Workers"/> workers registered then (the client keeps the
/// first of each index): the coordinator's persisted record of the point, and what <see cref="PointsFinished"/> carries.</summary>
public sealed record PointFinished(Guid SweepId, int Index, PointResult Result, double WallMs, int Workers) : IClusterMessage;

/// <summary>Coordinator → client: the points finished since the last such message (one message for many: each message costs the
/// client and the coordinator more than the point it carries).</summary>
public sealed record PointsFinished(Guid SweepId, IReadOnlyList<PointFinished> Points) : IClusterMessage;

/// <summary>Coordinator → client: the sweep stopped before its end; nothing more comes.</summary>
public sealed record SweepFailed(Guid SweepId, string Reason) : IClusterMessage;

/// <summary>Worker → coordinator: this worker exists and is idle.</summary>
public sealed record RegisterWorker : IClusterMessage;

/// <summary>Coordinator → worker: registered; the sender is the coordinator to watch.</summary>
public sealed record WorkerRegistered : IClusterMessage;

/// <summary>Coordinator → worker: run <paramref name="Points"/> of sweep <paramref name="SweepId"/>, in their order. (One message for
/// several: Hyperion writes a scenario's type descriptions once a message, ~10 kB, against ~0.1 kB for each further scenario.)</summary>
public sealed record RunPoints(Guid SweepId, IReadOnlyList<PointToRun> Points) : IClusterMessage;

/// <summary>Point <paramref name="Index"/> of a sweep, journaled into the run <paramref name="Journal"/> names when given.</summary>
public sealed record PointToRun(int Index, MigrationScenario Scenario, PointJournal? Journal = null);

/// <summary>The journal run a point's worker writes: <paramref name="RunId"/> of the journal at <paramref name="Location"/>,
/// claimed by the client (its <c>RunStarted</c> written), at <paramref name="Detail"/>.</summary>
public sealed record PointJournal(string Location, JournalDetail Detail, string RunId);

/// <summary>Worker → coordinator: <paramref name="Points"/> of sweep <paramref name="SweepId"/> ran (and their places in the worker's
/// queue are free).</summary>
public sealed record PointsDone(Guid SweepId, IReadOnlyList<PointDone> Points) : IClusterMessage;

/// <summary>Point <paramref name="Index"/> ran to <paramref name="Result"/> in <paramref name="WallMs"/> of the worker's time.</summary>
public sealed record PointDone(int Index, PointResult Result, double WallMs);

/// <summary>Worker → coordinator: the point's simulation threw (and its place in the worker's queue is free).</summary>
public sealed record PointFailed(Guid SweepId, int Index, string Error) : IClusterMessage;

// The coordinator's persisted progress (Akka.Persistence, persistence id SweepCoordinator.ProgressId): a sweep started, each
// PointFinished as told to the client, the sweep ended. A coordinator that starts on another member recovers the running sweep
// from them.

/// <summary>The coordinator accepted <paramref name="Submit"/> from <paramref name="Client"/>.</summary>
public sealed record SweepStarted(SubmitSweep Submit, Akka.Actor.IActorRef Client) : IClusterMessage;

/// <summary>Sweep <paramref name="SweepId"/> ended: finished, failed or abandoned by its client.</summary>
public sealed record SweepEnded(Guid SweepId) : IClusterMessage;
