using System.Collections.Concurrent;
using System.Diagnostics;
using ActorMigration.Actors.Simulation;
using Akka.Actor;

namespace ActorMigration.Node.Cluster;

/// <summary>A member's sweep worker: registers with the coordinator, queues the points it is handed (up to
/// <see cref="SweepCoordinator.PointsAhead"/>) for its runner thread, which runs them one at a time and sends each result back. The
/// runner drives each point's own simulation world start to end, so the simulation's single-driver rule holds and this actor's
/// mailbox (on the cluster system's dispatcher) never blocks; it goes from one point straight to the next, where a thread per point
/// handed out by this actor left each worker idle ~2 ms between points (5-6% of a sweep of small points). A point with a journal
/// run is journaled into it as a local <c>sweep --journal</c> would.</summary>
/// <remarks>Registering: <see cref="WorkerRegistered"/> (watches the coordinator, which is its sender), <c>Retry</c> (registers again).
/// Ready: <see cref="RunPoint"/> (queued; the runner answers <see cref="PointDone"/> or <see cref="PointFailed"/> to the coordinator
/// that handed it out), <see cref="Terminated"/> of the coordinator (forgets the points not started and registers with its
/// successor).</remarks>
public sealed class SweepWorker : ReceiveActor, IWithTimers
{
    /// <summary>The worker's name under <c>/user</c>.</summary>
    public const string Name = "sweep-worker";

    /// <summary>How often to register again until a coordinator answers: the singleton may not have started yet, or be moving.</summary>
    private static readonly TimeSpan RegisterInterval = TimeSpan.FromSeconds(2);

    private readonly IActorRef _coordinatorProxy;
    private readonly WorkerJournals _journals;
    private readonly Akka.Serialization.Serialization _serialization = Context.System.Serialization;
    private readonly long _maximumFrameBytes = Context.System.Settings.Config.GetByteSize("akka.remote.dot-netty.tcp.maximum-frame-size") ?? long.MaxValue;
    private readonly BlockingCollection<(RunPoint Point, IActorRef Coordinator)> _queue = new();

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record Retry;

    /// <summary>A worker that reaches the coordinator through <paramref name="coordinatorProxy"/> (a singleton proxy) and journals
    /// through <paramref name="journals"/>.</summary>
    public SweepWorker(IActorRef coordinatorProxy, WorkerJournals journals)
    {
        _coordinatorProxy = coordinatorProxy;
        _journals = journals;
        Registering();
    }

    /// <summary>Props of a worker reaching the coordinator through <paramref name="coordinatorProxy"/>.</summary>
    public static Props Props(IActorRef coordinatorProxy, WorkerJournals journals) =>
        Akka.Actor.Props.Create(() => new SweepWorker(coordinatorProxy, journals));

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
        _coordinatorProxy.Tell(new RegisterWorker());
        Timers.StartPeriodicTimer("register", new Retry(), RegisterInterval);
    }

    private void Registering()
    {
        Receive<Retry>(_ => _coordinatorProxy.Tell(new RegisterWorker()));
        Receive<WorkerRegistered>(_ =>
        {
            Timers.Cancel("register");
            Context.Watch(Sender);
            Console.Error.WriteLine("actormigration: worker registered with the sweep coordinator");
            Become(Ready);
        });
    }

    private void Ready()
    {
        Receive<RunPoint>(point => _queue.Add((point, Sender)));
        // The point running for the lost coordinator finishes (its answer goes to dead letters); the others are its successor's to hand out.
        Receive<Terminated>(_ =>
        {
            while (_queue.TryTake(out var _)) { }
            Become(Registering);
            Register();
        });
    }

    /// <summary>The runner: each queued point in turn, its answer sent from this worker (<paramref name="self"/>) to the coordinator that
    /// handed it out.</summary>
    private void RunPoints(IActorRef self)
    {
        foreach (var (point, coordinator) in _queue.GetConsumingEnumerable())
        {
            Console.Error.WriteLine($"actormigration: running point {point.Index + 1} of sweep {point.SweepId}");
            coordinator.Tell(Checked(Run(point)), self);
        }
    }

    /// <summary>A result too large for remoting would be dropped on the way (Akka logs it, nobody waits for it): fail the point instead.</summary>
    private IClusterMessage Checked(IClusterMessage answer)
    {
        if (answer is not PointDone done) return answer;
        var bytes = _serialization.FindSerializerFor(done).ToBinary(done).LongLength;
        return bytes <= _maximumFrameBytes ? answer : new PointFailed(done.SweepId, done.Index,
            $"its result takes {bytes} bytes, more than akka.remote.dot-netty.tcp.maximum-frame-size ({_maximumFrameBytes}) lets through");
    }

    private IClusterMessage Run(RunPoint point)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            var result = point.Journal is { } journal ? _journals.Run(journal, point.Scenario) : MigrationSimulation.Run(point.Scenario);
            var wallMs = clock.Elapsed.TotalMilliseconds;
            return new PointDone(point.SweepId, point.Index, PointResult.Of(result), wallMs);
        }
        catch (Exception e)
        {
            // The coordinator ends the sweep with this message: the client reports it (a local sweep would have thrown it).
            return new PointFailed(point.SweepId, point.Index, $"{e.GetType().Name}: {e.Message}");
        }
    }
}
