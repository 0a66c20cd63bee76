using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Tests.Journal;
using Akka.Actor;
using Akka.Configuration;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>The coordinator's progress on a real store, as a member started with <c>node --journal</c> keeps it (Akka.Persistence.Sql,
/// events serialized by Hyperion): rows of the journal's tables while a sweep runs, recovered by a successor, gone once the sweep
/// ends. Runs once per store (SQLite file, PostgreSQL server).</summary>
public abstract class SweepProgressSpec(StoreUnderTest store) : Akka.TestKit.Xunit2.TestKit(MemberConfig(store))
{
    private static readonly IReadOnlyList<MigrationScenario> Points = SweepFile.Load(SweepFiles.Even).Scenarios.Take(3).ToArray();

    // A member's configuration with the store as its journal, joining no one: the coordinator needs no cluster.
    private static Config MemberConfig(StoreUnderTest store) => ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []")
        .WithFallback(new MemberSettings("127.0.0.1", 0, [], [MemberSettings.CoordinatorRole], Journal: store.ConnectionString).ToConfig());

    private long ProgressRows() => store.Query(
        $"SELECT COUNT(*) FROM event_journal WHERE persistence_id = '{SweepCoordinator.ProgressId}' AND is_deleted = false");

    private IActorRef Coordinator() => Sys.ActorOf(SweepCoordinator.Props(TimeSpan.FromSeconds(30), TimeSpan.Zero));

    // A coordinator answers once it has recovered, which on a real store first waits for Akka.Persistence.Sql to start.
    private static readonly TimeSpan Recovered = TimeSpan.FromSeconds(60);

    [StoreFact]
    public void A_successor_recovers_the_sweep_from_the_store_and_its_rows_go_when_it_ends()
    {
        var (worker, client) = (CreateTestProbe(), CreateTestProbe());
        var first = Coordinator();
        worker.Send(first, new RegisterWorker());
        worker.ExpectMsg<WorkerRegistered>(Recovered);
        var id = Guid.NewGuid();
        client.Send(first, new SubmitSweep(id, "small", Points));
        client.ExpectMsg<SweepAccepted>(Recovered);
        var points = worker.ExpectMsg<RunPoints>().Points;
        Assert.Equal([0, 1, 2], points.Select(p => p.Index));
        worker.Reply(Ran(id, points[0]));
        var finished = client.ExpectPoint(m => m.Index == 0, TimeSpan.FromSeconds(30));
        Assert.Equal(2, ProgressRows());
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var successor = Coordinator();
        client.Send(successor, new ResumeSweep(id, []));
        client.ExpectMsg<SweepAccepted>(m => m.SweepId == id, Recovered);
        var resent = client.ExpectPoint(m => m.Index == 0);
        Assert.Equal(finished.Result.Bytes, resent.Result.Bytes);
        Assert.Equal(finished.WallMs, resent.WallMs);
        worker.Send(successor, new RegisterWorker());
        worker.ExpectMsg<WorkerRegistered>();
        var rest = worker.ExpectMsg<RunPoints>().Points;
        Assert.Equal([1, 2], rest.Select(p => p.Index));
        foreach (var point in rest) worker.Reply(Ran(id, point));
        client.ExpectPoint(m => m.Index == 1, TimeSpan.FromSeconds(30));
        client.ExpectPoint(m => m.Index == 2, TimeSpan.FromSeconds(30));
        AwaitAssert(() => Assert.Equal(0, ProgressRows()), TimeSpan.FromSeconds(30));
    }

    private static PointsDone Ran(Guid id, PointToRun point) =>
        new(id, [new PointDone(point.Index, PointResult.Of(MigrationSimulation.Run(point.Scenario)), 1)]);

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing) store.Dispose();
    }
}

public sealed class SqliteSweepProgressTests() : SweepProgressSpec(new SqliteStoreUnderTest());

[RequiresPostgres]
public sealed class PostgresSweepProgressTests() : SweepProgressSpec(PostgresEnvironment.SkipReason is null ? new PostgresStoreUnderTest() : new SqliteStoreUnderTest());
