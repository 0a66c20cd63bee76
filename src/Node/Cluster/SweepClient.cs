using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Sweep;
using Akka.Actor;

namespace ActorMigration.Node.Cluster;

/// <summary>The client side of a distributed sweep, in the client's own cluster member: submits the sweep to the coordinator and
/// collects its points in scenario order; fails with a reason when the coordinator refuses, does not answer, fails the sweep or is lost.</summary>
/// <remarks>Submitting: <see cref="SweepAccepted"/> (watches the coordinator), <see cref="SweepRefused"/>, <c>NoAnswer</c>. Running:
/// <see cref="PointFinished"/>, <see cref="SweepFailed"/>, <see cref="Terminated"/> of the coordinator.</remarks>
public sealed class SweepClient : ReceiveActor, IWithTimers
{
    private readonly IActorRef _coordinatorProxy;
    private readonly SubmitSweep _submit;
    private readonly TimeSpan _answerTimeout;
    private readonly Action<MigrationRunResult> _onPoint;
    private readonly TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> _outcomes;
    private readonly SweepRunner.Outcome?[] _finished;
    private int _finishedCount;

    /// <summary>Timers of this actor (Akka's).</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    private sealed record NoAnswer;

    /// <summary>See <see cref="Props"/>.</summary>
    public SweepClient(IActorRef coordinatorProxy, SubmitSweep submit, TimeSpan answerTimeout, Action<MigrationRunResult> onPoint,
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
    /// after each point and completes <paramref name="outcomes"/> (in scenario order) or fails it with a <see cref="ClusterUnavailableException"/>.</summary>
    public static Props Props(IActorRef coordinatorProxy, SubmitSweep submit, TimeSpan answerTimeout, Action<MigrationRunResult> onPoint,
        TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> outcomes) =>
        Akka.Actor.Props.Create(() => new SweepClient(coordinatorProxy, submit, answerTimeout, onPoint, outcomes));

    /// <summary>Submits once: the singleton proxy keeps the message until it has found the coordinator.</summary>
    protected override void PreStart()
    {
        _coordinatorProxy.Tell(_submit);
        Timers.StartSingleTimer("answer", new NoAnswer(), _answerTimeout);
    }

    private void Submitting()
    {
        Receive<SweepAccepted>(_ =>
        {
            Timers.Cancel("answer");
            Context.Watch(Sender);
            Become(Running);
        });
        Receive<SweepRefused>(r => Fail($"the sweep coordinator refused the sweep: {r.Reason}"));
        Receive<NoAnswer>(_ => Fail($"no sweep coordinator answered within {_answerTimeout.TotalSeconds:0} s (is a member with role '{MemberSettings.CoordinatorRole}' up?)"));
    }

    private void Running()
    {
        Receive<PointFinished>(p =>
        {
            if (_finished[p.Index] is not null) return;
            _finished[p.Index] = new SweepRunner.Outcome(_submit.Scenarios[p.Index], p.Result, p.WallMs);
            _onPoint(p.Result);
            if (++_finishedCount == _finished.Length) _outcomes.TrySetResult(_finished.Select(o => o!).ToArray());
        });
        Receive<SweepFailed>(f => Fail($"the sweep failed after {_finishedCount} of {_finished.Length} points: {f.Reason}"));
        Receive<Terminated>(t => Fail($"the sweep coordinator at {t.ActorRef.Path.Address} was lost after {_finishedCount} of {_finished.Length} points"));
    }

    private void Fail(string reason)
    {
        _outcomes.TrySetException(new ClusterUnavailableException(reason));
        Context.Stop(Self);
    }
}
