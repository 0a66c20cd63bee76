using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>A worker, with a test probe as its coordinator: it registers, runs the points it is handed in their order, and sends their
/// results back several to a message (each once, all of them, to the coordinator that handed them out): held while more than two
/// points wait, within the result interval; after losing its coordinator it registers with the next and works for it alike; a
/// worker no coordinator answers warns once.</summary>
public sealed class SweepWorkerTests() : Akka.TestKit.Xunit2.TestKit("akka.test.single-expect-default = 10s")
{
    private static readonly IReadOnlyList<MigrationScenario> Points = SweepFile.Load(SweepFiles.Even).Scenarios;

    [Fact]
    public void Results_come_back_several_to_a_message_each_once_in_the_order_run()
    {
        var coordinator = CreateTestProbe();
        using var journals = new WorkerJournals();
        // An interval no run of these points reaches: results go when two or fewer points wait.
        var worker = Sys.ActorOf(SweepWorker.Props(coordinator, journals, TimeSpan.FromMinutes(1)));
        coordinator.ExpectMsg<RegisterWorker>();
        coordinator.Reply(new WorkerRegistered());
        var id = Guid.NewGuid();
        const int count = 30;
        coordinator.Send(worker, new RunPoints(id, [.. Enumerable.Range(0, count).Select(i => new PointToRun(i, Points[i % Points.Count]))]));

        var messages = new List<PointsDone>();
        while (messages.Sum(m => m.Points.Count) < count) messages.Add(coordinator.ExpectMsg<PointsDone>(m => m.SweepId == id));
        Assert.Equal(Enumerable.Range(0, count), messages.SelectMany(m => m.Points).Select(p => p.Index));
        // Held while more than two points wait: only the last three can have gone alone.
        Assert.InRange(messages.Count, 1, 4);
        Assert.True(messages[0].Points.Count >= count - 3, $"the first message carried {messages[0].Points.Count} points");
        var expected = MigrationSimulation.Run(Points[1]);
        Assert.Equal(expected.TraceHash, messages.SelectMany(m => m.Points).Single(p => p.Index == 1).Result.ToResult().TraceHash);
        coordinator.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_worker_that_lost_its_coordinator_registers_with_the_next_and_sends_it_every_result()
    {
        var (proxy, first, next) = (CreateTestProbe(), CreateTestProbe(), CreateTestProbe());
        using var journals = new WorkerJournals();
        var worker = Sys.ActorOf(SweepWorker.Props(proxy, journals, TimeSpan.FromMinutes(1)));
        proxy.ExpectMsg<RegisterWorker>();
        first.Send(worker, new WorkerRegistered());
        first.Send(worker, new RunPoints(Guid.NewGuid(), [.. Enumerable.Range(0, 10).Select(i => new PointToRun(i, Points[i % Points.Count]))]));
        Sys.Stop(first.Ref);
        proxy.ExpectMsg<RegisterWorker>();
        next.Send(worker, new WorkerRegistered());
        var id = Guid.NewGuid();
        const int count = 10;
        next.Send(worker, new RunPoints(id, [.. Enumerable.Range(0, count).Select(i => new PointToRun(i, Points[i % Points.Count]))]));
        var messages = new List<PointsDone>();
        while (messages.Sum(m => m.Points.Count) < count) messages.Add(next.ExpectMsg<PointsDone>());
        Assert.All(messages, m => Assert.Equal(id, m.SweepId));
        Assert.Equal(Enumerable.Range(0, count), messages.SelectMany(m => m.Points).Select(p => p.Index));
        next.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void A_worker_that_no_coordinator_answers_warns_once()
    {
        var (proxy, log) = (CreateTestProbe(), CreateTestProbe());
        Sys.EventStream.Subscribe(log.Ref, typeof(Akka.Event.Warning));
        using var journals = new WorkerJournals();
        Sys.ActorOf(SweepWorker.Props(proxy, journals, coordinatorPatience: TimeSpan.FromSeconds(3)));
        proxy.ExpectMsg<RegisterWorker>();
        // Registering again every 2 s: the second retry is the first past the patience.
        var warning = (Akka.Event.Warning)log.FishForMessage(m => m is Akka.Event.Warning w && w.Message.ToString()!.Contains("no sweep coordinator"));
        Assert.Equal("no sweep coordinator has answered this worker for 4 s: is a member with role 'coordinator' up in the cluster?", warning.Message.ToString());
        var quiet = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (quiet - DateTime.UtcNow is { Ticks: > 0 } left)
            if (log.ReceiveOne(left) is Akka.Event.Warning again) Assert.DoesNotContain("no sweep coordinator", again.Message.ToString());
        Assert.True(proxy.ReceiveWhile(TimeSpan.FromMilliseconds(100), m => m as RegisterWorker).Count >= 3, "the worker stopped registering");
    }
}
