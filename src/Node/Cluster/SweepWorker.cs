using System.Collections.Concurrent;
using System.Diagnostics;
using ActorMigration.Actors.Simulation;
using Akka.Actor;
using Akka.Event;

namespace ActorMigration.Node.Cluster;

/// <summary>A member's sweep worker: registers with the coordinator, queues the points it is handed (up to
/// <see cref="SweepCoordinator.PointsAhead"/>) for its runner thread, which runs them one at a time, and sends their results back
/// several at a time. The runner drives each point's own simulation world start to end, so the simulation's single-driver rule holds
/// and this actor's mailbox (on the cluster system's dispatcher) never blocks; it goes from one point straight to the next, where a
/// thread per point handed out by this actor left each worker idle ~2 ms between points (5-6% of a sweep of small points). A point
/// with a journal run is journaled into it as a local <c>sweep --journal</c> would.</summary>
/// <remarks>Registering: <see cref="WorkerRegistered"/> (watches the coordinator, which is its sender), <c>Retry</c> (registers again;
/// warns once when no coordinator has answered for the coordinator patience).
/// Ready: <see cref="RunPoints"/> (queued), <c>Ran</c> from the runner (held, then sent in one <see cref="PointsDone"/> to the
/// coordinator that handed them out once two or fewer points wait, or after the result interval; a
/// <see cref="PointFailed"/> goes at once), <see cref="Terminated"/> of the coordinator (forgets the points not started and the
/// results not sent, and registers with its successor).</remarks>
public sealed class SweepWorker : ReceiveActor, IWithTimers
{
    /// <summary>The worker's name under <c>/user</c>.</summary>
    public const string Name = "sweep-worker";

    /// <summary>How long a result may be held for others to go with it, while more than <see cref="LowWater"/> points wait (unless
    /// told otherwise).</summary>
    public static readonly TimeSpan DefaultResultInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Results are sent at once when this many points or fewer wait: the coordinator's next points then arrive (a round trip,
    /// ~1-2 ms) before the runner has run out (the smallest points take ~5 ms).</summary>
    private const int LowWater = 2;

    /// <summary>How often to register again until a coordinator answers: the singleton may not have started yet, or be moving.</summary>
    private static readonly TimeSpan RegisterInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long registering may go unanswered before the worker warns (unless told otherwise): the singleton starts within
    /// seconds of a coordinator member being up, or moves within the split-brain resolver's <c>stable-after</c>.</summary>
    public static readonly TimeSpan DefaultCoordinatorPatience = TimeSpan.FromSeconds(30);

    private readonly IActorRef _coordinatorProxy;
    private readonly WorkerJournals _journals;
    private readonly TimeSpan _resultInterval;
    private readonly TimeSpan _coordinatorPatience;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private int _unanswered;
    private readonly Akka.Serialization.Serialization _serialization = Context.System.Serialization;
    private readonly long _maximumFrameBytes = Context.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? long.MaxValue;
    private readonly BlockingCollection<(Guid SweepId, PointToRun Point, IActorRef Coordinator)> _queue = new();

    /// <summary>Results held to go together: all of one sweep, for one coordinator, within one remoting frame.</summary>
    private readonly List<PointDone> _held = [];
    private (IActorRef Coordinator, Guid SweepId) _heldFor;
    private long _heldBytes;
    private bool _sendQueued;

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record Retry;

    /// <summary>Runner → worker: a point's answer for <paramref name="Coordinator"/> (a <see cref="PointDone"/> or a
    /// <see cref="PointFailed"/>), and the bytes it takes alone in a message.</summary>
    private sealed record Ran(IActorRef Coordinator, Guid SweepId, object Answer, long Bytes);

    private sealed record SendHeld;

    /// <summary>A worker that reaches the coordinator through <paramref name="coordinatorProxy"/> (a singleton proxy), journals
    /// through <paramref name="journals"/>, holds a result at most <paramref name="resultInterval"/> while more than two points
    /// wait, and warns when registering has gone unanswered for <paramref name="coordinatorPatience"/>.</summary>
    public SweepWorker(IActorRef coordinatorProxy, WorkerJournals journals, TimeSpan resultInterval, TimeSpan coordinatorPatience)
    {
        _coordinatorProxy = coordinatorProxy;
        _journals = journals;
        _resultInterval = resultInterval;
        _coordinatorPatience = coordinatorPatience;
        Registering();
    }

    /// <summary>Props of a worker reaching the coordinator through <paramref name="coordinatorProxy"/>, holding results at most
    /// <paramref name="resultInterval"/> and warning after <paramref name="coordinatorPatience"/> unanswered (the defaults when not
    /// given).</summary>
    public static Props Props(IActorRef coordinatorProxy, WorkerJournals journals, TimeSpan? resultInterval = null, TimeSpan? coordinatorPatience = null) =>
        Akka.Actor.Props.Create(() => new SweepWorker(coordinatorProxy, journals, resultInterval ?? DefaultResultInterval,
            coordinatorPatience ?? DefaultCoordinatorPatience));

    /// <summary>Starts the runner and registers (Akka sets <see cref="Timers"/> after the constructor).</summary>
    protected override void PreStart()
    {
        var self = Self;
        // A thread of its own: a point can run for minutes.
        new Thread(() => RunPoints(self)) { IsBackground = true, Name = "sweep-points" }.Start();
        Register();
    }

    /// <summary>The runner ends after the point it is running, if any.</summary>
    protected override void PostStop() => _queue.CompleteAdding();

    private void Register()
    {
        _unanswered = 0;
        _coordinatorProxy.Tell(new RegisterWorker());
        Timers.StartPeriodicTimer("register", new Retry(), RegisterInterval);
    }

    private void Registering()
    {
        Receive<Retry>(_ =>
        {
            // Akka's proxy warning is off (MemberSettings): this is how a worker says it has no coordinator.
            if (++_unanswered * RegisterInterval >= _coordinatorPatience && (_unanswered - 1) * RegisterInterval < _coordinatorPatience)
                _log.Warning("no sweep coordinator has answered this worker for {0:0} s: is a member with role '{1}' up in the cluster?",
                    (_unanswered * RegisterInterval).TotalSeconds, MemberSettings.CoordinatorRole);
            _coordinatorProxy.Tell(new RegisterWorker());
        });
        Receive<WorkerRegistered>(_ =>
        {
            Timers.Cancel("register");
            Context.Watch(Sender);
            Console.Error.WriteLine("actormigration: worker registered with the sweep coordinator");
            Become(Ready);
        });
        // The point that was running when its coordinator was lost (the successor hands it out again), and a send asked for before.
        Receive<Ran>(_ => { });
        Receive<SendHeld>(_ => { });
    }

    private void Ready()
    {
        Receive<RunPoints>(points =>
        {
            foreach (var point in points.Points) _queue.Add((points.SweepId, point, Sender));
        });
        Receive<Ran>(Hold);
        Receive<SendHeld>(_ => Send());
        // The point running for the lost coordinator finishes (its answer is dropped); the others are its successor's to hand out.
        Receive<Terminated>(_ =>
        {
            while (_queue.TryTake(out var _)) { }
            _held.Clear();
            _heldBytes = 0;
            _sendQueued = false;
            Timers.Cancel(nameof(SendHeld));
            Become(Registering);
            Register();
        });
    }

    private void Hold(Ran ran)
    {
        if (ran.Answer is PointFailed failed)
        {
            Send();
            ran.Coordinator.Tell(failed);
            return;
        }
        // Equals, not ==: each message's sender may be a new reference to the same remote actor.
        if (_held.Count > 0 && (!ran.Coordinator.Equals(_heldFor.Coordinator) || ran.SweepId != _heldFor.SweepId || _heldBytes + ran.Bytes > _maximumFrameBytes)) Send();
        _held.Add((PointDone)ran.Answer);
        _heldFor = (ran.Coordinator, ran.SweepId);
        _heldBytes += ran.Bytes;
        if (_queue.Count <= LowWater) SendSoon();
        else if (!Timers.IsTimerActive(nameof(SendHeld))) Timers.StartSingleTimer(nameof(SendHeld), new SendHeld(), _resultInterval);
    }

    /// <summary>Sends what is held once the answers already in the mailbox are held too: when this actor lags the runner (a busy
    /// machine), the queue has run low by the time it takes the first of several answers, which would otherwise each go alone.</summary>
    private void SendSoon()
    {
        if (_sendQueued) return;
        _sendQueued = true;
        Self.Tell(new SendHeld());
    }

    private void Send()
    {
        Timers.Cancel(nameof(SendHeld));
        _sendQueued = false;
        if (_held.Count == 0) return;
        _heldFor.Coordinator.Tell(new PointsDone(_heldFor.SweepId, [.. _held]));
        _held.Clear();
        _heldBytes = 0;
    }

    /// <summary>The runner: each queued point in turn, its answer handed to this worker (<paramref name="self"/>).</summary>
    private void RunPoints(IActorRef self)
    {
        foreach (var (sweepId, point, coordinator) in _queue.GetConsumingEnumerable())
        {
            Console.Error.WriteLine($"actormigration: running point {point.Index + 1} of sweep {sweepId}");
            self.Tell(Checked(coordinator, sweepId, Run(sweepId, point)));
        }
    }

    /// <summary>A result too large for remoting would be dropped on the way (Akka logs it, nobody waits for it): fail the point instead.</summary>
    private Ran Checked(IActorRef coordinator, Guid sweepId, object answer)
    {
        if (answer is not PointDone done) return new Ran(coordinator, sweepId, answer, 0);
        var alone = new PointsDone(sweepId, [done]);
        var bytes = _serialization.FindSerializerFor(alone).ToBinary(alone).LongLength;
        return bytes <= _maximumFrameBytes ? new Ran(coordinator, sweepId, done, bytes) : new Ran(coordinator, sweepId, new PointFailed(sweepId, done.Index,
            $"its result takes {bytes} bytes, more than akka.remote.dot-netty.tcp.maximum-frame-size ({_maximumFrameBytes}) lets through"), 0);
    }

    private object Run(Guid sweepId, PointToRun point)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = point.Journal is { } journal ? _journals.Run(journal, point.Scenario) : MigrationSimulation.Run(point.Scenario);
            return new PointDone(point.Index, PointResult.Of(result), clock.Elapsed.TotalMilliseconds);
        }
        catch (Exception e)
        {
            // The coordinator ends the sweep with this message: the client reports it (a local sweep would have thrown it).
            return new PointFailed(sweepId, point.Index, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
