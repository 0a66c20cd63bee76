using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Sweep;
using Akka.Actor;

namespace ActorMigration.Node.Cluster;

/// <summary>The client side of a distributed sweep, in the client's own cluster member: submits the sweep to the coordinator and
/// collects its points in scenario order, each exactly once; when the coordinator is lost, asks its successor to resume the sweep;
/// fails with a reason when the coordinator refuses, does not answer, fails the sweep, or is lost without a successor that resumes it.</summary>
/// <remarks>Submitting: <see cref="SweepAccepted"/> (watches the coordinator), <see cref="SweepRefused"/>, <c>NoAnswer</c>. Running:
/// <see cref="PointsFinished"/>, <see cref="SweepFailed"/>, <see cref="Terminated"/> of the coordinator (asks its successor to
/// resume). Resuming: <see cref="SweepAccepted"/> (watches the successor), <see cref="SweepRefused"/>, <see cref="PointsFinished"/>,
/// <see cref="SweepFailed"/>, <c>AskAgain</c> (the proxy may not have found the successor yet), <c>NoAnswer</c>.</remarks>
public sealed class SweepClient : ReceiveActor, IWithTimers
{
    /// <summary>How long the successor of a lost coordinator may take to resume the sweep: the lost member's detection, its downing
    /// by the split-brain resolver, the singleton's start on another member and its recovery.</summary>
    public static readonly TimeSpan ResumeTimeout = TimeSpan.FromSeconds(60);

    private static readonly TimeSpan AskAgainInterval = TimeSpan.FromSeconds(2);

    private readonly IActorRef _coordinatorProxy;
    private readonly SubmitSweep _submit;
    private readonly TimeSpan _answerTimeout;
    private readonly Action<MigrationRunResult, int> _onPoint;
    private readonly TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> _outcomes;
    private readonly SweepRunner.Outcome?[] _finished;
    private int _finishedCount;
    private string _lost = "";

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record NoAnswer;

    private sealed record AskAgain;

    /// <summary>See <see cref="Props"/>.</summary>
    public SweepClient(IActorRef coordinatorProxy, SubmitSweep submit, TimeSpan answerTimeout, Action<MigrationRunResult, int> onPoint,
        TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> outcomes)
    {
        _coordinatorProxy = coordinatorProxy;
        _submit = submit;
        _answerTimeout = answerTimeout;
        _onPoint = onPoint;
        _outcomes = outcomes;
        _finished = new SweepRunner.Outcome?[submit.Scenarios.Count];
        Submitting();
    }

    /// <summary>A client that submits <paramref name="submit"/> through <paramref name="coordinatorProxy"/>, calls <paramref name="onPoint"/>
    /// after each point (with the number of workers) and completes <paramref name="outcomes"/> (in scenario order) or fails it with a
    /// <see cref="ClusterUnavailableException"/>.</summary>
    public static Props Props(IActorRef coordinatorProxy, SubmitSweep submit, TimeSpan answerTimeout, Action<MigrationRunResult, int> onPoint,
        TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> outcomes) =>
        Akka.Actor.Props.Create(() => new SweepClient(coordinatorProxy, submit, answerTimeout, onPoint, outcomes));

    /// <summary>Submits once: the singleton proxy keeps the message until it has found the coordinator.</summary>
    protected override void PreStart()
    {
        _coordinatorProxy.Tell(_submit);
        Timers.StartSingleTimer(nameof(NoAnswer), new NoAnswer(), _answerTimeout);
    }

    private void Submitting()
    {
        Receive<SweepAccepted>(a => Attached(a, resumed: false));
        Receive<SweepRefused>(r => Fail($"the sweep coordinator refused the sweep: {r.Reason}"));
        Receive<NoAnswer>(_ => Fail($"no sweep coordinator answered within {_answerTimeout.TotalSeconds:0} s (is a member with role '{MemberSettings.CoordinatorRole}' up?)"));
    }

    private void Running()
    {
        Points();
        Receive<Terminated>(t =>
        {
            _lost = $"the sweep coordinator at {t.ActorRef.Path.Address} was lost after {_finishedCount} of {_finished.Length} points";
            Console.Error.WriteLine($"actormigration: {_lost}; waiting up to {ResumeTimeout.TotalSeconds:0} s for its successor to resume the sweep");
            Become(Resuming);
            AskToResume();
            Timers.StartPeriodicTimer(nameof(AskAgain), new AskAgain(), AskAgainInterval);
            Timers.StartSingleTimer(nameof(NoAnswer), new NoAnswer(), ResumeTimeout);
        });
    }

    private void Resuming()
    {
        Points();
        Receive<SweepAccepted>(a => Attached(a, resumed: true));
        Receive<SweepRefused>(r => Fail($"{_lost}, and its successor cannot resume the sweep: {r.Reason}"));
        Receive<AskAgain>(_ => AskToResume());
        Receive<NoAnswer>(_ => Fail($"{_lost}, and no successor resumed the sweep within {ResumeTimeout.TotalSeconds:0} s"));
    }

    private void Points()
    {
        Receive<PointsFinished>(finished =>
        {
            if (finished.SweepId != _submit.SweepId) return;
            foreach (var point in finished.Points)
                if (!Finished(point)) return;
        });
        Receive<SweepFailed>(f => Fail($"the sweep failed after {_finishedCount} of {_finished.Length} points: {f.Reason}"));
    }

    private void Attached(SweepAccepted accepted, bool resumed)
    {
        if (accepted.SweepId != _submit.SweepId) return;
        Timers.CancelAll();
        Context.Watch(Sender);
        if (resumed) Console.Error.WriteLine($"actormigration: the sweep coordinator at {Sender.Path.Address} resumed the sweep ({accepted.Workers} workers)");
        Become(Running);
    }

    private void AskToResume() =>
        _coordinatorProxy.Tell(new ResumeSweep(_submit.SweepId, Enumerable.Range(0, _finished.Length).Where(i => _finished[i] is not null).ToArray()));

    /// <summary>Keeps the first result of each point (a successor sends again the points it cannot know the client has); false when the
    /// client is done, with every point or failed.</summary>
    private bool Finished(PointFinished point)
    {
        if (point.Index < 0 || point.Index >= _finished.Length)
        {
            Fail($"the sweep coordinator sent point {point.Index + 1} of a sweep of {_finished.Length}");
            return false;
        }
        if (_finished[point.Index] is not null) return true;
        var result = point.Result.ToResult();
        _finished[point.Index] = new SweepRunner.Outcome(_submit.Scenarios[point.Index], result, point.WallMs);
        _onPoint(result, point.Workers);
        if (++_finishedCount < _finished.Length) return true;
        _outcomes.TrySetResult(_finished.Select(o => o!).ToArray());
        // Done: the coordinator ends the sweep, and this client's member leaves, which it must not take for the coordinator's loss.
        Context.Stop(Self);
        return false;
    }

    private void Fail(string reason)
    {
        _outcomes.TrySetException(new ClusterUnavailableException(reason));
        Context.Stop(Self);
    }
}
