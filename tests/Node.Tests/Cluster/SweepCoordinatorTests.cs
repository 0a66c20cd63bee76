using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The coordinator's protocol, with test probes as workers and client: points handed out one per idle worker, in order;
/// a lost worker's point handed to another; a sweep waits a while for a first worker, and fails when it has none for that long.</summary>
public sealed class SweepCoordinatorTests : Akka.TestKit.Xunit2.TestKit
{
    private static readonly IReadOnlyList<MigrationScenario> Points = SweepFile.Load(SweepFiles.Small).Scenarios;
    private static readonly MigrationRunResult Result = MigrationSimulation.Run(Points[0]);

    private readonly IActorRef _coordinator;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    public SweepCoordinatorTests() => _coordinator = Sys.ActorOf(SweepCoordinator.Props(Patience));

    private Akka.TestKit.TestProbe Worker()
    {
        var worker = CreateTestProbe();
        worker.Send(_coordinator, new RegisterWorker());
        worker.ExpectMsg<WorkerRegistered>();
        return worker;
    }

    [Fact]
    public void Points_go_to_idle_workers_in_order_and_every_result_reaches_the_client()
    {
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(3).ToArray()));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 2);
        var first = a.ExpectMsg<RunPoint>();
        var second = b.ExpectMsg<RunPoint>();
        Assert.Equal([0, 1], new[] { first.Index, second.Index }.Order());
        b.Reply(new PointDone(id, second.Index, Result, 1));
        client.ExpectMsg<PointFinished>(m => m.Index == second.Index);
        b.ExpectMsg<RunPoint>(m => m.Index == 2);
        a.Reply(new PointDone(id, first.Index, Result, 1));
        b.Reply(new PointDone(id, 2, Result, 1));
        client.ExpectMsg<PointFinished>(m => m.Index == first.Index);
        client.ExpectMsg<PointFinished>(m => m.Index == 2);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        a.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void A_lost_workers_point_runs_on_another_and_is_reported_once()
    {
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(2).ToArray()));
        client.ExpectMsg<SweepAccepted>();
        var lost = a.ExpectMsg<RunPoint>().Index;
        var other = b.ExpectMsg<RunPoint>().Index;
        Sys.Stop(a.Ref);
        b.Reply(new PointDone(id, other, Result, 1));
        client.ExpectMsg<PointFinished>(m => m.Index == other);
        b.ExpectMsg<RunPoint>(m => m.Index == lost);
        b.Reply(new PointDone(id, lost, Result, 1));
        client.ExpectMsg<PointFinished>(m => m.Index == lost);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_sweep_submitted_before_any_worker_runs_on_the_first_to_register()
    {
        var id = Guid.NewGuid();
        _coordinator.Tell(new SubmitSweep(id, "small", Points), TestActor);
        ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 0);
        Worker().ExpectMsg<RunPoint>(m => m.Index == 0);
        ExpectNoMsg(Patience + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Losing_every_worker_fails_the_sweep_after_the_patience_and_the_next_one_runs()
    {
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points));
        client.ExpectMsg<SweepAccepted>();
        a.ExpectMsg<RunPoint>();
        Sys.Stop(a.Ref);
        client.ExpectNoMsg(Patience / 2);
        client.ExpectMsg<SweepFailed>(m => m.SweepId == id && m.Reason.Contains("no worker for 1 s; 0 of 6 points"));
        var b = Worker();
        client.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "small", Points));
        client.ExpectMsg<SweepAccepted>();
        b.ExpectMsg<RunPoint>(m => m.Index == 0);
    }

    [Fact]
    public void A_second_sweep_is_refused_while_one_runs()
    {
        var (_, first, second) = (Worker(), CreateTestProbe(), CreateTestProbe());
        first.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "small", Points));
        first.ExpectMsg<SweepAccepted>();
        second.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "other", Points));
        second.ExpectMsg<SweepRefused>(m => m.Reason.Contains("another sweep (small)"));
    }
}
