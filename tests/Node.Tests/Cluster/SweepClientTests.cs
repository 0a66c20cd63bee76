using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Sweep;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The client's protocol, with test probes as the singleton proxy and the coordinators: each point kept once, whatever is sent
/// again; a lost coordinator's successor asked to resume, and the sweep completed through it; a successor without the sweep's record
/// ends the sweep with the reason.</summary>
public sealed class SweepClientTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly IReadOnlyList<MigrationScenario> Points = SweepFile.Load(SweepFiles.Small).Scenarios.Take(3).ToArray();
    private static readonly PointResult Result = PointResult.Of(MigrationSimulation.Run(Points[0]));

    private readonly TaskCompletionSource<IReadOnlyList<SweepRunner.Outcome>> _outcomes = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Akka.TestKit.TestProbe _proxy;
    private readonly SubmitSweep _submit = new(Guid.NewGuid(), "small", Points);
    private int _points;

    public SweepClientTests()
    {
        _proxy = CreateTestProbe();
        Sys.ActorOf(SweepClient.Props(_proxy.Ref, _submit, TimeSpan.FromSeconds(30), (_, _) => Interlocked.Increment(ref _points), _outcomes));
    }

    /// <summary>A coordinator that accepted the sweep: the client watches it.</summary>
    private Akka.TestKit.TestProbe Accepting(object expected)
    {
        var coordinator = CreateTestProbe();
        _proxy.ExpectMsg<object>(m => m.GetType() == expected.GetType());
        coordinator.Send(_proxy.LastSender, new SweepAccepted(_submit.SweepId, 2));
        return coordinator;
    }

    private void Finish(Akka.TestKit.TestProbe coordinator, int index) =>
        coordinator.Send(_proxy.LastSender, new PointsFinished(_submit.SweepId, [new PointFinished(_submit.SweepId, index, Result, 1, 2)]));

    [Fact]
    public async Task Points_sent_again_are_kept_once_and_a_successor_completes_the_sweep()
    {
        var first = Accepting(_submit);
        Finish(first, 1);
        Finish(first, 1);
        Watch(first.Ref);
        Sys.Stop(first.Ref);
        ExpectTerminated(first.Ref);
        var resume = _proxy.ExpectMsg<ResumeSweep>();
        Assert.Equal(_submit.SweepId, resume.SweepId);
        Assert.Equal([1], resume.Received);
        var successor = CreateTestProbe();
        successor.Send(_proxy.LastSender, new SweepAccepted(_submit.SweepId, 1));
        foreach (var index in new[] { 1, 0, 2, 0 }) Finish(successor, index);
        var outcomes = await _outcomes.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Points, outcomes.Select(o => o.Scenario));
        Assert.Equal(3, _points);
    }

    [Fact]
    public async Task Points_told_together_are_each_kept_once()
    {
        var coordinator = Accepting(_submit);
        coordinator.Send(_proxy.LastSender, new PointsFinished(_submit.SweepId,
            [.. new[] { 2, 0, 2 }.Select(index => new PointFinished(_submit.SweepId, index, Result, 1, 2))]));
        Finish(coordinator, 1);
        var outcomes = await _outcomes.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(Points, outcomes.Select(o => o.Scenario));
        Assert.Equal(3, _points);
    }

    [Fact]
    public async Task A_successor_without_the_sweeps_record_ends_it_with_the_reason()
    {
        var first = Accepting(_submit);
        Finish(first, 0);
        Sys.Stop(first.Ref);
        _proxy.ExpectMsg<ResumeSweep>();
        _proxy.Reply(new SweepRefused(_submit.SweepId, "no record of the sweep"));
        var failure = await Assert.ThrowsAsync<ClusterUnavailableException>(() => _outcomes.Task.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Contains("was lost after 1 of 3 points, and its successor cannot resume the sweep: no record of the sweep", failure.Message);
    }
}
