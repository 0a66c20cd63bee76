using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Sweep;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorMigration.Node.Tests.Cluster;

/// <summary>Every message that crosses processes goes through Hyperion (never Akka's JSON) and comes back as it was: a scenario still
/// runs to the same trace hash, a result still prints the same metrics.</summary>
public sealed class ClusterMessageSerializationTests : IDisposable
{
    // A member's configuration, but joining no one: serialization needs no cluster.
    private readonly ActorSystem _system = ActorSystem.Create(MemberSettings.SystemName, ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []")
        .WithFallback(new MemberSettings("127.0.0.1", 0, [], [MemberSettings.ClientRole]).ToConfig()));

    private static readonly MigrationScenario Scenario = SweepFile.Load(SweepFiles.Small).Scenarios[^1];
    private static readonly MigrationRunResult Result = MigrationSimulation.Run(Scenario);

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private T RoundTrip<T>(T message) where T : class
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<HyperionSerializer>(serializer);
        var bytes = serializer.ToBinary(message);
        var back = _system.Serialization.Deserialize(bytes, serializer.Identifier, message.GetType());
        Assert.IsType(message.GetType(), back);
        return (T)back;
    }

    private static string Metrics(MigrationRunResult result) => RunMetrics.ToJson(result, wallMs: 0).ToJsonString();

    [Fact]
    public void Messages_carrying_scenarios_keep_everything_a_run_depends_on()
    {
        var journal = new SweepJournal("postgres:Host=db;Database=runs", JournalDetail.Folio, ["run-000001", "run-000002"]);
        var submit = RoundTrip(new SubmitSweep(Guid.NewGuid(), "small", [Scenario, Scenario], journal));
        Assert.Equal("small", submit.Name);
        Assert.Equal(2, submit.Scenarios.Count);
        Assert.Equal(Result.TraceHash, MigrationSimulation.Run(submit.Scenarios[1]).TraceHash);
        Assert.Equal((journal.Location, journal.Detail), (submit.Journal!.Location, submit.Journal.Detail));
        Assert.Equal(journal.RunIds, submit.Journal.RunIds);
        var points = RoundTrip(new RunPoints(submit.SweepId, [new PointToRun(7, Scenario, new PointJournal(journal.Location, JournalDetail.Batch, "run-000002")), new PointToRun(8, Scenario)]));
        Assert.Equal(submit.SweepId, points.SweepId);
        Assert.Equal([(7, new PointJournal(journal.Location, JournalDetail.Batch, "run-000002")), (8, null)], points.Points.Select(p => (p.Index, p.Journal)));
        Assert.All(points.Points, p => Assert.Equal(Result.TraceHash, MigrationSimulation.Run(p.Scenario).TraceHash));
        var client = _system.ActorOf(Props.Empty, "client");
        var started = RoundTrip(new SweepStarted(submit, client));
        Assert.Equal(client, started.Client);
        Assert.Equal(Result.TraceHash, MigrationSimulation.Run(started.Submit.Scenarios[0]).TraceHash);
    }

    [Fact]
    public void Messages_carrying_results_keep_every_metric_and_every_folios_time()
    {
        var id = Guid.NewGuid();
        var done = RoundTrip(new PointsDone(id, [new PointDone(3, PointResult.Of(Result), 12.5), new PointDone(4, PointResult.Of(Result), 7)]));
        Assert.Equal(id, done.SweepId);
        Assert.Equal([(3, 12.5), (4, 7.0)], done.Points.Select(p => (p.Index, p.WallMs)));
        Assert.All(done.Points, p => Assert.Equal(Metrics(Result), Metrics(p.Result.ToResult())));
        var finished = RoundTrip(new PointFinished(id, 3, PointResult.Of(Result), 12.5, 2));
        var told = RoundTrip(new PointsFinished(id, [finished, finished with { Index = 4 }]));
        Assert.Equal(id, told.SweepId);
        Assert.Equal([3, 4], told.Points.Select(p => p.Index));
        Assert.Equal(finished.Result.Bytes, told.Points[1].Result.Bytes);
        Assert.Equal((id, 3, 12.5, 2, Metrics(Result)), (finished.SweepId, finished.Index, finished.WallMs, finished.Workers, Metrics(finished.Result.ToResult())));
        Assert.Equal(Result.Report.InaccessiblePs, finished.Result.ToResult().Report.InaccessiblePs);
        Assert.Equal(SweepCsv.Format([new SweepRunner.Outcome(Scenario, Result, 1)]), SweepCsv.Format([new SweepRunner.Outcome(Scenario, finished.Result.ToResult(), 1)]));
    }

    [Fact]
    public void A_point_result_carries_every_property_of_a_result()
    {
        // Every scalar of the report a distinct value other than its default: one that sweep_point.proto leaves out cannot come back
        // equal by chance.
        var report = Result.Report with { };
        var properties = typeof(MigrationReport).GetProperties().Where(p => p.CanWrite).ToArray();
        var next = 1;
        foreach (var property in properties)
            if (property.PropertyType == typeof(long)) property.SetValue(report, 1_000_000L * next++);
            else if (property.PropertyType == typeof(int)) property.SetValue(report, 1_000 + next++);
            else if (property.PropertyType == typeof(double)) property.SetValue(report, 0.25 + next++);
        var result = new MigrationRunResult(report, 0xFEDC_BA98_7654_3210, 123_456_789, 987_654_321);
        var back = PointResult.Of(result).ToResult();
        Assert.Equal((result.TraceHash, result.Events, result.SimTimePs), (back.TraceHash, back.Events, back.SimTimePs));
        foreach (var property in properties)
        {
            var (expected, actual) = (property.GetValue(report), property.GetValue(back.Report));
            // Lists and dictionaries in the same order: a dictionary's order is the CSV's column order.
            if (expected is System.Collections.IEnumerable sequence)
                Assert.Equal(sequence.Cast<object>(), Assert.IsAssignableFrom<System.Collections.IEnumerable>(actual).Cast<object>());
            else Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void A_point_result_packs_its_times_and_refuses_bytes_that_are_not_one()
    {
        var packed = PointResult.Of(Result);
        Assert.Equal(Result.Report.InaccessiblePs, packed.ToResult().Report.InaccessiblePs);
        // A 2 GB run of 4K folios in 512-page batch copies: 524,288 times, 1,024 distinct, ~0.4 ms apart, in a few kB.
        var batched = Enumerable.Range(0, 1 << 19).Select(i => 350_000_000L + i / 512 * 400_000L).ToArray();
        var large = PointResult.Of(Result with { Report = Result.Report with { InaccessiblePs = InaccessibleTimes.FromSorted(batched) } });
        Assert.True(large.Bytes.Length <= packed.Bytes.Length + 8 * 1024, $"{large.Bytes.Length} bytes for 524,288 times");
        Assert.Equal(batched, large.ToResult().Report.InaccessiblePs);
        // Gaps of every width up to the largest time, and runs among them.
        long[] wide = [0, 0, 1, 127, 128, 128, 128, 16_383, 16_384, 1L << 35, long.MaxValue / 2, long.MaxValue, long.MaxValue];
        var extremes = Result with { Report = Result.Report with { InaccessiblePs = InaccessibleTimes.FromSorted(wide) } };
        Assert.Equal(wide, PointResult.Of(extremes).ToResult().Report.InaccessiblePs);

        Assert.Throws<FormatException>(() => new PointResult(packed.Bytes[..^1]).ToResult());
        Assert.Throws<FormatException>(() => new PointResult([.. packed.Bytes, 0xFF]).ToResult());
        Assert.Throws<FormatException>(() => Altered(packed, e => e.InaccessibleRun.Add(1)).ToResult());
        Assert.Throws<FormatException>(() => Altered(packed, e => e.InaccessibleRun[0] = 0).ToResult());
        Assert.Throws<FormatException>(() => Altered(packed, e => { e.InaccessibleGapPs.Add(-1); e.InaccessibleRun.Add(1); }).ToResult());
        Assert.Throws<FormatException>(() => Altered(packed, e => e.CpuPs.Add(1)).ToResult());
        Assert.Throws<FormatException>(() => Altered(packed, e => { e.FailedName.Add(e.FailedName[0]); e.Failed.Add(1); }).ToResult());
    }

    private static PointResult Altered(PointResult result, Action<Contracts.Cluster.PointResult> alter)
    {
        var encoded = Contracts.Cluster.PointResult.Parser.ParseFrom(result.Bytes);
        alter(encoded);
        return new PointResult(Google.Protobuf.MessageExtensions.ToByteArray(encoded));
    }

    [Fact]
    public void Plain_messages_come_back_equal()
    {
        var id = Guid.NewGuid();
        IClusterMessage[] messages = [new SweepAccepted(id, 2), new SweepRefused(id, "no worker"), new SweepFailed(id, "lost"),
            new RegisterWorker(), new WorkerRegistered(), new PointFailed(id, 1, "SimulationFailedException: boom"), new SweepEnded(id)];
        foreach (var message in messages) Assert.Equal(message, RoundTrip(message));
        var resume = RoundTrip(new ResumeSweep(id, [0, 2, 5]));
        Assert.Equal(id, resume.SweepId);
        Assert.Equal([0, 2, 5], resume.Received);
    }
}
