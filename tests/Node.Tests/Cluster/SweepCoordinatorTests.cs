using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The coordinator's protocol, with test probes as workers and client: points dealt round the workers, the largest first (then in scenario order), up to
/// <see cref="SweepCoordinator.PointsAhead"/> each; a lost worker's points handed to another; a sweep waits a while for a first worker,
/// and fails when it has none for that long; a coordinator started after one was lost recovers the sweep from its journal (Akka's
/// in-memory journal here) and runs only what was not done, or refuses a sweep it has no record of.</summary>
// Expectations without a deadline of their own wait 10 s, not TestKit's 3 s: a loaded CI machine once took longer to answer.
public sealed class SweepCoordinatorTests() : Akka.TestKit.Xunit2.TestKit("""
    akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
    akka.test.single-expect-default = 10s
    """)
{
    private static readonly IReadOnlyList<MigrationScenario> Points = SweepFile.Load(SweepFiles.Even).Scenarios;
    private static readonly PointResult Result = PointResult.Of(MigrationSimulation.Run(Points[0]));

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(1);

    private IActorRef _coordinator = null!;

    private IActorRef StartCoordinator() => _coordinator = Sys.ActorOf(SweepCoordinator.Props(Patience, TimeSpan.Zero));

    private Akka.TestKit.TestProbe Worker()
    {
        var worker = CreateTestProbe();
        worker.Send(_coordinator, new RegisterWorker());
        worker.ExpectMsg<WorkerRegistered>();
        return worker;
    }

    private static void Done(Akka.TestKit.TestProbe worker, Guid id, int index) => worker.Reply(new PointDone(id, index, Result, 1));

    [Fact]
    public void Points_are_dealt_round_the_workers_two_ahead_and_every_result_reaches_the_client_once()
    {
        StartCoordinator();
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(5).ToArray()));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 2);
        Assert.Equal([0, 2], [a.ExpectMsg<RunPoint>().Index, a.ExpectMsg<RunPoint>().Index]);
        Assert.Equal([1, 3], [b.ExpectMsg<RunPoint>().Index, b.ExpectMsg<RunPoint>().Index]);
        Done(b, id, 1);
        client.ExpectPoint(m => m.Index == 1 && m.Workers == 2);
        b.ExpectMsg<RunPoint>(m => m.Index == 4);
        foreach (var (worker, index) in new[] { (a, 0), (a, 2), (b, 3), (b, 4), (b, 3) }) Done(worker, id, index);
        Assert.Equal([0, 2, 3, 4], Enumerable.Range(0, 4).Select(_ => client.ExpectPoint().Index));
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
        a.ExpectNoMsg(TimeSpan.Zero);
    }

    [Fact]
    public void Points_finished_within_the_interval_are_told_together_and_the_last_at_once()
    {
        var interval = TimeSpan.FromSeconds(2);
        _coordinator = Sys.ActorOf(SweepCoordinator.Props(Patience, interval));
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "even", Points.Take(3).ToArray()));
        client.ExpectMsg<SweepAccepted>();
        Assert.Equal([0, 1], [a.ExpectMsg<RunPoint>().Index, a.ExpectMsg<RunPoint>().Index]);
        Done(a, id, 0);
        Done(a, id, 1);
        a.ExpectMsg<RunPoint>(m => m.Index == 2);
        client.ExpectNoMsg(interval / 2);
        Assert.Equal([0, 1], client.ExpectMsg<PointsFinished>(interval * 1.5).Points.Select(p => p.Index));
        Done(a, id, 2);
        Assert.Equal([2], client.ExpectMsg<PointsFinished>(interval / 2).Points.Select(p => p.Index));
    }

    [Fact]
    public void The_points_with_the_most_folios_are_dealt_first()
    {
        StartCoordinator();
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        // Vanilla and DCBM at 1 and 4 threads, each 4K then 64K: the 4K points (4,096 folios) before the 64K ones (256).
        var mixed = SweepFile.Load(SweepFiles.Small).Scenarios;
        Assert.Equal([4096, 256, 4096, 256, 4096, 256], mixed.Select(p => p.Folios));
        client.Send(_coordinator, new SubmitSweep(id, "small", mixed));
        client.ExpectMsg<SweepAccepted>();
        var dealt = new List<int>();
        for (var i = 0; i < mixed.Count; i++)
        {
            dealt.Add(a.ExpectMsg<RunPoint>().Index);
            if (i > 0) Done(a, id, dealt[i - 1]);
        }
        Assert.Equal([0, 2, 4, 1, 3, 5], dealt);
    }

    [Fact]
    public void A_lost_workers_points_run_on_another_and_are_reported_once()
    {
        StartCoordinator();
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(4).ToArray()));
        client.ExpectMsg<SweepAccepted>();
        var lost = new[] { a.ExpectMsg<RunPoint>().Index, a.ExpectMsg<RunPoint>().Index };
        var other = new[] { b.ExpectMsg<RunPoint>().Index, b.ExpectMsg<RunPoint>().Index };
        Sys.Stop(a.Ref);
        Done(b, id, other[0]);
        client.ExpectPoint(m => m.Index == other[0]);
        b.ExpectMsg<RunPoint>(m => m.Index == lost[0]);
        foreach (var index in new[] { other[1], lost[0] })
        {
            Done(b, id, index);
            client.ExpectPoint(m => m.Index == index);
        }
        b.ExpectMsg<RunPoint>(m => m.Index == lost[1]);
        Done(b, id, lost[1]);
        client.ExpectPoint(m => m.Index == lost[1]);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_sweep_submitted_before_any_worker_runs_on_the_first_to_register()
    {
        StartCoordinator();
        var id = Guid.NewGuid();
        _coordinator.Tell(new SubmitSweep(id, "small", Points), TestActor);
        ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 0);
        Worker().ExpectMsg<RunPoint>(m => m.Index == 0);
        ExpectNoMsg(Patience + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Losing_every_worker_fails_the_sweep_after_the_patience_and_the_next_one_runs()
    {
        StartCoordinator();
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
        StartCoordinator();
        var (_, first, second) = (Worker(), CreateTestProbe(), CreateTestProbe());
        first.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "small", Points));
        first.ExpectMsg<SweepAccepted>();
        second.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "other", Points));
        second.ExpectMsg<SweepRefused>(m => m.Reason.Contains("another sweep (small)"));
    }

    [Fact]
    public void A_successor_recovers_the_sweep_sends_the_client_what_it_lacks_and_runs_only_the_rest()
    {
        StartCoordinator();
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(4).ToArray()));
        client.ExpectMsg<SweepAccepted>();
        a.ExpectMsg<RunPoint>(m => m.Index == 0);
        a.ExpectMsg<RunPoint>(m => m.Index == 1);
        Done(a, id, 0);
        Done(a, id, 1);
        client.ExpectPoint(m => m.Index == 0);
        client.ExpectPoint(m => m.Index == 1);
        a.ExpectMsg<RunPoint>(m => m.Index == 2);
        a.ExpectMsg<RunPoint>(m => m.Index == 3);
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);

        // The client holds point 1 (say point 0's message was lost with its coordinator): the successor sends point 0 only.
        StartCoordinator();
        client.Send(_coordinator, new ResumeSweep(id, [1]));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id);
        client.ExpectPoint(m => m.Index == 0);
        var b = Worker();
        b.ExpectMsg<RunPoint>(m => m.Index == 2);
        b.ExpectMsg<RunPoint>(m => m.Index == 3);
        Done(b, id, 2);
        Done(b, id, 3);
        client.ExpectPoint(m => m.Index == 2);
        client.ExpectPoint(m => m.Index == 3);
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));

        // Ended: its progress is gone, and a successor now has no record of it.
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);
        StartCoordinator();
        client.Send(_coordinator, new ResumeSweep(id, [0, 1, 2, 3]));
        client.ExpectMsg<SweepRefused>(m => m.SweepId == id && m.Reason.Contains("no record of the sweep"));
    }

    [Fact]
    public void A_recovered_sweep_sends_results_to_its_client_before_the_client_asks()
    {
        StartCoordinator();
        var client = CreateTestProbe();
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "small", Points.Take(1).ToArray()));
        client.ExpectMsg<SweepAccepted>();
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);
        StartCoordinator();
        var a = Worker();
        a.ExpectMsg<RunPoint>(m => m.Index == 0);
        Done(a, id, 0);
        client.ExpectPoint(m => m.Index == 0);
    }
}
