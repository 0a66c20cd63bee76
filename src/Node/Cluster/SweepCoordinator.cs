using Akka.Actor;
using Akka.Event;
using Akka.Persistence;

namespace ActorMigration.Node.Cluster;

/// <summary>The cluster's sweep coordinator (one per cluster: a singleton among <see cref="MemberSettings.CoordinatorRole"/> members):
/// holds one sweep's points, hands them to registered workers (up to <see cref="PointsAhead"/> each), re-queues the points of a
/// worker that is lost, and passes results to the client. Points are independent and each result is a function of its scenario
/// alone, so which worker runs a point, or how often, never changes the sweep's output.</summary>
/// <remarks>A persistent actor: it journals the sweep it accepts and each finished point, before telling it to the client (<see cref="SweepStarted"/>,
/// <see cref="PointFinished"/>, <see cref="SweepEnded"/>) on its member's Akka.Persistence journal, so that a coordinator started on
/// another member after this one's is lost recovers the sweep and runs only the points not yet done; a journal the coordinator
/// members share (<c>node --journal</c>) is what makes that work; with Akka's default in-memory journal the successor knows nothing
/// and refuses the client's <see cref="ResumeSweep"/>. A sweep's events are deleted when it ends.
/// Takes, in every behaviour: <see cref="RegisterWorker"/> (answers <see cref="WorkerRegistered"/>), <see cref="Terminated"/>
/// of a worker or client. Waiting: <see cref="SubmitSweep"/> (answers <see cref="SweepAccepted"/>), <see cref="ResumeSweep"/> (refused),
/// stale results. Running: <see cref="PointsDone"/> and <see cref="PointFailed"/>, <see cref="ResumeSweep"/> (answers
/// <see cref="SweepAccepted"/> and the points the client lacks), <c>TellFinished</c> (journals the points finished since the last, then
/// tells them), <c>NoWorker</c> (the sweep had no worker for the patience given: it fails); a second <see cref="SubmitSweep"/> is refused.</remarks>
public sealed class SweepCoordinator : ReceivePersistentActor, IWithTimers
{
    /// <summary>The singleton's name under <c>/user</c>.</summary>
    public const string Name = "sweep-coordinator";

    /// <summary>The persistence id of the coordinator's progress: one coordinator per cluster, whichever member hosts it.</summary>
    public const string ProgressId = "sweep-coordinator";

    /// <summary>Points a worker holds at once: one running and the rest waiting, so that a worker never idles for a round trip between
    /// points, and reports and is dealt several at a time (it reports when two or fewer wait, or after <see cref="SweepWorker.DefaultResultInterval"/>):
    /// in the 264-point benchmark sweep, ~5 points a message each way instead of one. A sweep's smallest points come last, so what a
    /// worker holds at the end is a few milliseconds of work.</summary>
    public const int PointsAhead = 8;

    /// <summary>How long a sweep waits without any worker (workers still registering after a start, or all lost) before it fails.</summary>
    public static readonly TimeSpan DefaultWorkerPatience = TimeSpan.FromSeconds(30);

    /// <summary>How long finished points wait to be told to the client together (the last point of a sweep is told at once). A message
    /// a point cost the client ~0.6 ms of CPU each (a 264-point sweep: 0.53 s, told together 0.38 s): on 2 cores, taken from the
    /// workers beside it.</summary>
    public static readonly TimeSpan DefaultTellInterval = TimeSpan.FromMilliseconds(100);

    private readonly TimeSpan _workerPatience;
    private readonly TimeSpan _tellInterval;
    private readonly ILoggingAdapter _log = Context.GetLogger();

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record NoWorker;

    private sealed record TellFinished;

    /// <summary>Registered workers in the order they registered (points are dealt in that order), and the points each holds.</summary>
    private readonly List<IActorRef> _workers = [];
    private readonly Dictionary<IActorRef, List<int>> _held = [];
    private Sweep? _sweep;

    /// <summary>The running sweep: who asked, its points, which are still to hand out, and the finished ones.</summary>
    private sealed class Sweep(SubmitSweep submitted, IActorRef client)
    {
        public SubmitSweep Submitted { get; } = submitted;
        public IActorRef Client { get; set; } = client;

        /// <summary>The points to hand out, the largest first (most folios: a point's run time grows with its folios), then in scenario
        /// order: dealt in scenario order, a sweep whose largest points came last ended with one worker running them while the others
        /// idled (on 2 workers, the 264-point benchmark sweep ended with one worker alone for 0.1-0.3 s of ~4 s; now for under 0.03 s).</summary>
        public SortedSet<int> Pending { get; } = new(Enumerable.Range(0, submitted.Scenarios.Count), Comparer<int>.Create((a, b) =>
            submitted.Scenarios[b].Folios.CompareTo(submitted.Scenarios[a].Folios) is var larger and not 0 ? larger : a.CompareTo(b)));
        public PointFinished?[] Finished { get; } = new PointFinished?[submitted.Scenarios.Count];
        public int DoneCount { get; private set; }

        /// <summary>Finished points not yet journaled, nor told to the client.</summary>
        public List<PointFinished> Untold { get; } = [];

        public void Record(PointFinished point)
        {
            Finished[point.Index] = point;
            Pending.Remove(point.Index);
            DoneCount++;
        }
    }

    /// <summary>Recovers the running sweep, if any, then waits for workers and sweeps; a sweep without any worker fails after
    /// <paramref name="workerPatience"/>; finished points are told to the client every <paramref name="tellInterval"/> (at once
    /// when it is zero).</summary>
    public SweepCoordinator(TimeSpan workerPatience, TimeSpan tellInterval)
    {
        _workerPatience = workerPatience;
        _tellInterval = tellInterval;
        Recover<SweepStarted>(e => _sweep = new Sweep(e.Submit, e.Client));
        Recover<PointFinished>(e => _sweep?.Record(e));
        Recover<SweepEnded>(_ => _sweep = null);
        Waiting();
    }

    /// <summary>Props of a coordinator with the given patience for a sweep without workers and interval between tellings of finished
    /// points.</summary>
    public static Props Props(TimeSpan workerPatience, TimeSpan tellInterval) =>
        Akka.Actor.Props.Create(() => new SweepCoordinator(workerPatience, tellInterval));

    /// <inheritdoc />
    public override string PersistenceId => ProgressId;

    /// <summary>Events only: the coordinator never snapshots (a sweep's events are deleted when it ends).</summary>
    public override Recovery Recovery { get; } = new(SnapshotSelectionCriteria.None);

    /// <summary>A recovered sweep runs on: its client (told <see cref="SweepAccepted"/> again when it asks) is watched, its workers
    /// register again.</summary>
    protected override void OnReplaySuccess()
    {
        if (_sweep is not { } sweep) return;
        _log.Warning("resuming sweep {0} ({1}) from its journal: {2} of {3} points had finished", sweep.Submitted.SweepId, sweep.Submitted.Name,
            sweep.DoneCount, sweep.Finished.Length);
        Context.Watch(sweep.Client);
        Become(Running);
        WaitForWorkersIfNone();
    }

    private void Waiting()
    {
        Workers();
        Command<SubmitSweep>(Accept);
        Command<ResumeSweep>(r => Sender.Tell(new SweepRefused(r.SweepId,
            $"the coordinator at {SelfAddress} has no record of the sweep: its progress was not in a journal the coordinator " +
            "members share (start them with --journal postgres:CONNSTR, or one SQLite file on one host)")));
        // Results of a sweep that failed or whose client left: the worker has room again.
        Command<PointsDone>(d => Release(Sender, d.Points.Select(p => p.Index)));
        Command<PointFailed>(f => Release(Sender, [f.Index]));
    }

    private void Running()
    {
        Workers();
        Command<SubmitSweep>(s => Sender.Tell(new SweepRefused(s.SweepId, $"another sweep ({_sweep!.Submitted.Name}) is running")));
        Command<ResumeSweep>(Resume);
        Command<PointsDone>(Finished);
        Command<TellFinished>(_ => Tell(_sweep!));
        Command<NoWorker>(_ => End(new SweepFailed(_sweep!.Submitted.SweepId,
            $"no worker for {_workerPatience.TotalSeconds:0} s; {_sweep.DoneCount} of {_sweep.Finished.Length} points had finished")));
        Command<PointFailed>(f =>
        {
            Release(Sender, [f.Index]);
            if (f.SweepId == _sweep!.Submitted.SweepId)
                End(new SweepFailed(f.SweepId, $"point {f.Index + 1} failed on {Sender.Path.Address}: {f.Error}"));
        });
    }

    private Address SelfAddress => ((ExtendedActorSystem)Context.System).Provider.DefaultAddress;

    private void Workers()
    {
        Command<RegisterWorker>(_ =>
        {
            if (_held.ContainsKey(Sender)) return;
            Context.Watch(Sender);
            Sender.Tell(new WorkerRegistered());
            _workers.Add(Sender);
            _held[Sender] = [];
            Timers.Cancel(nameof(NoWorker));
            Dispatch();
        });
        Command<Terminated>(t => Lost(t.ActorRef));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(f => _log.Warning("could not delete a finished sweep's progress: {0}", f.Cause.Message));
    }

    private void Accept(SubmitSweep submit)
    {
        var client = Sender;
        Persist(new SweepStarted(submit, client), _ =>
        {
            _sweep = new Sweep(submit, client);
            Context.Watch(client);
            client.Tell(new SweepAccepted(submit.SweepId, _workers.Count));
            Become(Running);
            WaitForWorkersIfNone();
            Dispatch();
        });
    }

    /// <summary>The client lost the previous coordinator: it is this sweep's client from now on, and gets every finished point it lacks.</summary>
    private void Resume(ResumeSweep resume)
    {
        var sweep = _sweep!;
        if (resume.SweepId != sweep.Submitted.SweepId)
        {
            Sender.Tell(new SweepRefused(resume.SweepId, $"another sweep ({sweep.Submitted.Name}) is running"));
            return;
        }
        if (!Sender.Equals(sweep.Client))
        {
            Context.Unwatch(sweep.Client);
            sweep.Client = Sender;
            Context.Watch(Sender);
        }
        Sender.Tell(new SweepAccepted(resume.SweepId, _workers.Count));
        // The journaled points it lacks now; the others once they are journaled.
        var skipped = resume.Received.Concat(sweep.Untold.Select(point => point.Index)).ToHashSet();
        var lacking = sweep.Finished.Where(point => point is not null && !skipped.Contains(point.Index)).ToArray();
        if (lacking.Length > 0) Sender.Tell(new PointsFinished(resume.SweepId, lacking!));
    }

    private void WaitForWorkersIfNone()
    {
        if (_workers.Count == 0) Timers.StartSingleTimer(nameof(NoWorker), new NoWorker(), _workerPatience);
    }

    private void Finished(PointsDone done)
    {
        var sweep = _sweep!;
        if (done.SweepId == sweep.Submitted.SweepId)
            foreach (var point in done.Points)
            {
                // A worker thought lost may still answer for a point that ran again elsewhere: the first result stands (they are equal).
                if (sweep.Finished[point.Index] is not null) continue;
                var finished = new PointFinished(done.SweepId, point.Index, point.Result, point.WallMs, _workers.Count);
                sweep.Record(finished);
                sweep.Untold.Add(finished);
            }
        Release(Sender, done.Points.Select(p => p.Index));
        if (sweep.DoneCount == sweep.Finished.Length) End(null);
        else if (_tellInterval <= TimeSpan.Zero) Tell(sweep);
        else if (!Timers.IsTimerActive(nameof(TellFinished))) Timers.StartSingleTimer(nameof(TellFinished), new TellFinished(), _tellInterval);
    }

    /// <summary>Journals the finished points not yet journaled, then tells them to the client. Journaled before told: a successor never
    /// lacks a point the client has (it runs again those finished here but not journaled, and sends again any the client lacks).
    /// One write for all: with a PostgreSQL journal, a write a point was a round trip to the database a point.</summary>
    private void Tell(Sweep sweep)
    {
        if (sweep.Untold.Count == 0) return;
        PointFinished[] points = [.. sweep.Untold];
        sweep.Untold.Clear();
        PersistAll(points, point =>
        {
            if (ReferenceEquals(point, points[^1])) sweep.Client.Tell(new PointsFinished(sweep.Submitted.SweepId, points));
        });
    }

    /// <summary>A worker or the client is gone: a worker's points go back to the queue; without its client, the sweep ends.</summary>
    private void Lost(IActorRef actor)
    {
        if (_held.Remove(actor, out var held))
        {
            _workers.Remove(actor);
            if (_sweep is { } sweep)
                foreach (var index in held)
                    if (sweep.Finished[index] is null) sweep.Pending.Add(index);
        }
        if (_sweep is null) return;
        if (actor.Equals(_sweep.Client)) End(null);
        else
        {
            WaitForWorkersIfNone();
            Dispatch();
        }
    }

    /// <summary>A worker answered for <paramref name="indices"/>: it has room for more points (an answer from one already counted lost,
    /// or for points it was not holding, changes nothing).</summary>
    private void Release(IActorRef worker, IEnumerable<int> indices)
    {
        if (!_held.TryGetValue(worker, out var held)) return;
        var freed = false;
        foreach (var index in indices) freed |= held.Remove(index);
        if (freed) Dispatch();
    }

    /// <summary>Deals pending points round the workers in registration order, one per worker a round, until each holds
    /// <see cref="PointsAhead"/> or none is left: the largest points first, spread over every worker; each worker's in one message.</summary>
    private void Dispatch()
    {
        if (_sweep is not { } sweep) return;
        var dealt = new Dictionary<IActorRef, List<PointToRun>>();
        for (var depth = 1; depth <= PointsAhead && sweep.Pending.Count > 0; depth++)
            foreach (var worker in _workers)
            {
                if (sweep.Pending.Count == 0) break;
                var held = _held[worker];
                if (held.Count >= depth) continue;
                var index = sweep.Pending.Min;
                sweep.Pending.Remove(index);
                held.Add(index);
                var journal = sweep.Submitted.Journal is { } j ? new PointJournal(j.Location, j.Detail, j.RunIds[index]) : null;
                (dealt.TryGetValue(worker, out var points) ? points : dealt[worker] = []).Add(new PointToRun(index, sweep.Submitted.Scenarios[index], journal));
            }
        foreach (var worker in _workers)
            if (dealt.TryGetValue(worker, out var points)) worker.Tell(new RunPoints(sweep.Submitted.SweepId, points));
    }

    /// <summary>Ends the sweep (telling the client its last points, then <paramref name="failure"/>, if any), forgets its progress and
    /// waits for the next.</summary>
    private void End(SweepFailed? failure)
    {
        var sweep = _sweep!;
        Tell(sweep);
        // After the points still being journaled are told.
        if (failure is not null) DeferAsync(failure, f => sweep.Client.Tell(f));
        Context.Unwatch(sweep.Client);
        Timers.Cancel(nameof(NoWorker));
        Timers.Cancel(nameof(TellFinished));
        _sweep = null;
        Become(Waiting);
        Persist(new SweepEnded(sweep.Submitted.SweepId), _ => DeleteMessages(LastSequenceNr));
    }

    /// <summary>The journal failed a write: Akka stops this actor (its supervisor starts another, which recovers); the client hears
    /// why rather than waiting for a successor.</summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        var reason = $"the coordinator at {SelfAddress} could not journal its progress: {cause.Message}";
        if (@event is SweepStarted started) started.Client.Tell(new SweepRefused(started.Submit.SweepId, reason));
        else if (_sweep is { } sweep) sweep.Client.Tell(new SweepFailed(sweep.Submitted.SweepId, reason));
        base.OnPersistFailure(cause, @event, sequenceNr);
    }
}
