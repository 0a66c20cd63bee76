using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using Akka.Actor;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The coordinator's protocol, with test probes as workers and client: points dealt round the workers, the largest first (then in scenario order), up to
/// <see cref="SweepCoordinator.PointsAhead"/> each, each worker's in one message; a lost worker's points handed to another; a sweep waits a while for a first worker,
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

    private const int Ahead = SweepCoordinator.PointsAhead;

    private IActorRef _coordinator = null!;

    private IActorRef StartCoordinator() => _coordinator = Sys.ActorOf(SweepCoordinator.Props(Patience, TimeSpan.Zero));

    private Akka.TestKit.TestProbe Worker()
    {
        var worker = CreateTestProbe();
        worker.Send(_coordinator, new RegisterWorker());
        worker.ExpectMsg<WorkerRegistered>();
        return worker;
    }

    /// <summary>A sweep of <paramref name="count"/> points of one size (<see cref="SweepFiles.Even"/>'s, over and over): dealt in scenario order.</summary>
    private static MigrationScenario[] Sweep(int count) => [.. Enumerable.Range(0, count).Select(i => Points[i % Points.Count])];

    /// <summary>The indices of the points in the worker's next <see cref="RunPoints"/>.</summary>
    private static int[] Dealt(Akka.TestKit.TestProbe worker) => [.. worker.ExpectMsg<RunPoints>().Points.Select(p => p.Index)];

    /// <summary>The worker reports <paramref name="indices"/> done, in one message.</summary>
    private static void Done(Akka.TestKit.TestProbe worker, Guid id, params int[] indices) =>
        worker.Reply(new PointsDone(id, [.. indices.Select(index => new PointDone(index, Result, 1))]));

    private static int[] Every(int from, int count, int step = 1) => [.. Enumerable.Range(0, count).Select(i => from + i * step)];

    /// <summary>The indices of the points the client is told, in order, until it has <paramref name="count"/>.</summary>
    private static List<int> Told(Akka.TestKit.TestProbe client, int count)
    {
        var told = new List<int>();
        while (told.Count < count) told.AddRange(client.ExpectMsg<PointsFinished>().Points.Select(p => p.Index));
        return told;
    }

    [Fact]
    public void Points_are_dealt_round_the_workers_several_to_a_message_and_every_result_reaches_the_client_once()
    {
        StartCoordinator();
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "even", Sweep(2 * Ahead + 3)));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 2);
        Assert.Equal(Every(0, Ahead, step: 2), Dealt(a));
        Assert.Equal(Every(1, Ahead, step: 2), Dealt(b));
        Done(b, id, 1, 3);
        Assert.Equal([1, 3], client.ExpectMsg<PointsFinished>(m => m.Points.All(p => p.Workers == 2)).Points.Select(p => p.Index));
        Assert.Equal([2 * Ahead, 2 * Ahead + 1], Dealt(b));
        Done(a, id, Every(0, Ahead, step: 2));
        Assert.Equal([2 * Ahead + 2], Dealt(a));
        Done(a, id, 2 * Ahead + 2);
        Done(b, id, [.. Every(5, Ahead - 2, step: 2), 2 * Ahead, 2 * Ahead + 1, 3]);
        Assert.Equal(Every(0, 2 * Ahead + 3), Told(client, 2 * Ahead + 1).Concat([1, 3]).Order());
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
        client.Send(_coordinator, new SubmitSweep(id, "even", Sweep(3)));
        client.ExpectMsg<SweepAccepted>();
        Assert.Equal([0, 1, 2], Dealt(a));
        Done(a, id, 0);
        Done(a, id, 1);
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
        Assert.Equal([0, 2, 4, 1, 3, 5], Dealt(a));
    }

    [Fact]
    public void A_lost_workers_points_run_on_another_and_are_reported_once()
    {
        StartCoordinator();
        var (a, b, client) = (Worker(), Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "even", Sweep(2 * Ahead)));
        client.ExpectMsg<SweepAccepted>();
        var lost = Dealt(a);
        var other = Dealt(b);
        Sys.Stop(a.Ref);
        Done(b, id, other[0]);
        client.ExpectPoint(m => m.Index == other[0]);
        // Every point was dealt before the loss, so b's first new point is a's first.
        Assert.Equal([lost[0]], Dealt(b));
        Done(b, id, [.. other[1..], lost[0]]);
        Assert.Equal(lost[1..], Dealt(b));
        Done(b, id, lost[1..]);
        Assert.Equal(Every(0, 2 * Ahead), Told(client, 2 * Ahead - 1).Append(other[0]).Order());
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_sweep_submitted_before_any_worker_runs_on_the_first_to_register()
    {
        StartCoordinator();
        var id = Guid.NewGuid();
        _coordinator.Tell(new SubmitSweep(id, "even", Points), TestActor);
        ExpectMsg<SweepAccepted>(m => m.SweepId == id && m.Workers == 0);
        Assert.Equal(Every(0, Points.Count), Dealt(Worker()));
        ExpectNoMsg(Patience + TimeSpan.FromMilliseconds(500));
    }

    [Fact]
    public void Losing_every_worker_fails_the_sweep_after_the_patience_and_the_next_one_runs()
    {
        StartCoordinator();
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "even", Points));
        client.ExpectMsg<SweepAccepted>();
        a.ExpectMsg<RunPoints>();
        Sys.Stop(a.Ref);
        client.ExpectNoMsg(Patience / 2);
        client.ExpectMsg<SweepFailed>(m => m.SweepId == id && m.Reason.Contains("no worker for 1 s; 0 of 6 points"));
        var b = Worker();
        client.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "even", Points));
        client.ExpectMsg<SweepAccepted>();
        Assert.Equal(0, Dealt(b)[0]);
    }

    [Fact]
    public void A_second_sweep_is_refused_while_one_runs()
    {
        StartCoordinator();
        var (_, first, second) = (Worker(), CreateTestProbe(), CreateTestProbe());
        first.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "even", Points));
        first.ExpectMsg<SweepAccepted>();
        second.Send(_coordinator, new SubmitSweep(Guid.NewGuid(), "other", Points));
        second.ExpectMsg<SweepRefused>(m => m.Reason.Contains("another sweep (even)"));
    }

    [Fact]
    public void A_successor_recovers_the_sweep_sends_the_client_what_it_lacks_and_runs_only_the_rest()
    {
        StartCoordinator();
        var (a, client) = (Worker(), CreateTestProbe());
        var id = Guid.NewGuid();
        client.Send(_coordinator, new SubmitSweep(id, "even", Sweep(4)));
        client.ExpectMsg<SweepAccepted>();
        Assert.Equal([0, 1, 2, 3], Dealt(a));
        Done(a, id, 0);
        Done(a, id, 1);
        client.ExpectPoint(m => m.Index == 0);
        client.ExpectPoint(m => m.Index == 1);
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);

        // The client holds point 1 (say point 0's message was lost with its coordinator): the successor sends point 0 only.
        StartCoordinator();
        client.Send(_coordinator, new ResumeSweep(id, [1]));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id);
        client.ExpectPoint(m => m.Index == 0);
        var b = Worker();
        Assert.Equal([2, 3], Dealt(b));
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
        client.Send(_coordinator, new SubmitSweep(id, "even", Sweep(1)));
        client.ExpectMsg<SweepAccepted>();
        Watch(_coordinator);
        Sys.Stop(_coordinator);
        ExpectTerminated(_coordinator);
        StartCoordinator();
        var a = Worker();
        Assert.Equal([0], Dealt(a));
        Done(a, id, 0);
        client.ExpectPoint(m => m.Index == 0);
    }
}
