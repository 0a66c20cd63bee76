using Akka.Actor;

namespace ActorMigration.Node.Cluster;

/// <summary>The cluster's sweep coordinator (one per cluster: a singleton among <see cref="MemberSettings.CoordinatorRole"/> members):
/// holds one sweep's points, hands each to an idle worker, re-queues the points of a worker that is lost, and passes results to the
/// client. Points are independent and each result is a function of its scenario alone, so which worker runs a point, or how often,
/// never changes the sweep's output.</summary>
/// <remarks>Takes, in every behaviour: <see cref="RegisterWorker"/> (answers <see cref="WorkerRegistered"/>), <see cref="Terminated"/>
/// of a worker or client. Waiting: <see cref="SubmitSweep"/> (answers <see cref="SweepAccepted"/>), stale results. Running:
/// <see cref="PointDone"/> and <see cref="PointFailed"/>, <c>NoWorker</c> (the sweep had no worker for the patience given: it fails);
/// a second <see cref="SubmitSweep"/> is refused.</remarks>
public sealed class SweepCoordinator : ReceiveActor, IWithTimers
{
    /// <summary>The singleton's name under <c>/user</c>.</summary>
    public const string Name = "sweep-coordinator";

    /// <summary>How long a sweep waits without any worker (workers still registering after a start, or all lost) before it fails.</summary>
    public static readonly TimeSpan DefaultWorkerPatience = TimeSpan.FromSeconds(30);

    private readonly TimeSpan _workerPatience;

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record NoWorker;

    private readonly HashSet<IActorRef> _idle = [];
    private readonly Dictionary<IActorRef, int> _busy = [];
    private Sweep? _sweep;

    /// <summary>The running sweep: who asked, its points, which are still to hand out and which are done.</summary>
    private sealed class Sweep(SubmitSweep submitted, IActorRef client)
    {
        public SubmitSweep Submitted { get; } = submitted;
        public IActorRef Client { get; } = client;
        public SortedSet<int> Pending { get; } = [.. Enumerable.Range(0, submitted.Scenarios.Count)];
        public bool[] Done { get; } = new bool[submitted.Scenarios.Count];
        public int DoneCount { get; set; }
    }

    /// <summary>Starts waiting for workers and a sweep; a sweep without any worker fails after <paramref name="workerPatience"/>.</summary>
    public SweepCoordinator(TimeSpan workerPatience)
    {
        _workerPatience = workerPatience;
        Waiting();
    }

    /// <summary>Props of a coordinator with the given patience for a sweep without workers.</summary>
    public static Props Props(TimeSpan workerPatience) => Akka.Actor.Props.Create(() => new SweepCoordinator(workerPatience));

    private void Waiting()
    {
        Workers();
        Receive<SubmitSweep>(Accept);
        // A result of a sweep that failed or whose client left: the worker is idle again.
        Receive<PointDone>(_ => Idle(Sender));
        Receive<PointFailed>(_ => Idle(Sender));
    }

    private void Running()
    {
        Workers();
        Receive<SubmitSweep>(s => Sender.Tell(new SweepRefused(s.SweepId, $"another sweep ({_sweep!.Submitted.Name}) is running")));
        Receive<PointDone>(Finished);
        Receive<NoWorker>(_ => End(new SweepFailed(_sweep!.Submitted.SweepId,
            $"no worker for {_workerPatience.TotalSeconds:0} s; {_sweep.DoneCount} of {_sweep.Done.Length} points had finished")));
        Receive<PointFailed>(f =>
        {
            Idle(Sender);
            if (f.SweepId == _sweep!.Submitted.SweepId)
                End(new SweepFailed(f.SweepId, $"point {f.Index + 1} failed on {Sender.Path.Address}: {f.Error}"));
        });
    }

    private void Workers()
    {
        Receive<RegisterWorker>(_ =>
        {
            if (_idle.Contains(Sender) || _busy.ContainsKey(Sender)) return;
            Context.Watch(Sender);
            Sender.Tell(new WorkerRegistered());
            _idle.Add(Sender);
            Timers.Cancel(nameof(NoWorker));
            Dispatch();
        });
        Receive<Terminated>(t => Lost(t.ActorRef));
    }

    private void Accept(SubmitSweep submit)
    {
        _sweep = new Sweep(submit, Sender);
        Context.Watch(Sender);
        Sender.Tell(new SweepAccepted(submit.SweepId, _idle.Count + _busy.Count));
        Become(Running);
        WaitForWorkersIfNone();
        Dispatch();
    }

    private void WaitForWorkersIfNone()
    {
        if (_idle.Count + _busy.Count == 0) Timers.StartSingleTimer(nameof(NoWorker), new NoWorker(), _workerPatience);
    }

    private void Finished(PointDone done)
    {
        Idle(Sender);
        var sweep = _sweep!;
        // A worker thought lost may still answer for a point that ran again elsewhere: the first result stands (they are equal).
        if (done.SweepId != sweep.Submitted.SweepId || sweep.Done[done.Index]) return;
        sweep.Done[done.Index] = true;
        sweep.DoneCount++;
        sweep.Client.Tell(new PointFinished(done.SweepId, done.Index, done.Result, done.WallMs));
        if (sweep.DoneCount == sweep.Done.Length) End(null);
    }

    /// <summary>A worker or the client is gone: a worker's point goes back to the queue; without its client, the sweep ends.</summary>
    private void Lost(IActorRef actor)
    {
        _idle.Remove(actor);
        if (_busy.Remove(actor, out var index) && _sweep is { } sweep && !sweep.Done[index]) sweep.Pending.Add(index);
        if (_sweep is null) return;
        if (actor.Equals(_sweep.Client)) End(null);
        else
        {
            WaitForWorkersIfNone();
            Dispatch();
        }
    }

    /// <summary>A busy worker answered: it is idle again (an answer from one already counted lost changes nothing).</summary>
    private void Idle(IActorRef worker)
    {
        if (!_busy.Remove(worker)) return;
        _idle.Add(worker);
        Dispatch();
    }

    private void Dispatch()
    {
        if (_sweep is not { } sweep) return;
        while (_idle.Count > 0 && sweep.Pending.Count > 0)
        {
            var worker = _idle.First();
            var index = sweep.Pending.Min;
            _idle.Remove(worker);
            sweep.Pending.Remove(index);
            _busy[worker] = index;
            worker.Tell(new RunPoint(sweep.Submitted.SweepId, index, sweep.Submitted.Scenarios[index]));
        }
    }

    /// <summary>Ends the sweep (telling the client <paramref name="failure"/>, if any) and waits for the next.</summary>
    private void End(SweepFailed? failure)
    {
        var client = _sweep!.Client;
        if (failure is not null) client.Tell(failure);
        Context.Unwatch(client);
        Timers.Cancel(nameof(NoWorker));
        _sweep = null;
        Become(Waiting);
    }
}
