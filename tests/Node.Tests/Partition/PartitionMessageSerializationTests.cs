using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Cluster.Partition;
using ActorMigration.Runtime.VirtualTime;
using Akka.Actor;
using Akka.Configuration;
using Akka.Serialization;

namespace ActorMigration.Node.Tests.Partition;

/// <summary>Every message of a partitioned run goes through Hyperion and comes back as it was: a scenario still runs to the same
/// trace hash, a crossing keeps its key and payload, counters still merge into the same sample.</summary>
public sealed class PartitionMessageSerializationTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create(MemberSettings.SystemName, ConfigurationFactory.ParseString("akka.cluster.seed-nodes = []")
        .WithFallback(new MemberSettings("127.0.0.1", 0, [], [MemberSettings.ClientRole]).ToConfig()));

    public void Dispose() => _system.Terminate().Wait(TimeSpan.FromSeconds(10));

    private T RoundTrip<T>(T message) where T : class
    {
        var serializer = _system.Serialization.FindSerializerFor(message);
        Assert.IsType<HyperionSerializer>(serializer);
        return Assert.IsType<T>(_system.Serialization.Deserialize(serializer.ToBinary(message), serializer.Identifier, typeof(T)));
    }

    [Fact]
    public void A_started_partition_runs_the_scenario_it_was_sent()
    {
        var scenario = PartitionedTieringTests.Pond(100);
        var start = RoundTrip(new StartPartition(Guid.NewGuid(), scenario, 1, 2));
        Assert.Equal((1, 2), (start.Partition, start.Partitions));
        Assert.Equal(TieringSimulation.Run(scenario).TraceHash, TieringSimulation.Run(start.Scenario).TraceHash);
    }

    [Fact]
    public void Windows_keep_their_crossings_and_counters()
    {
        var id = Guid.NewGuid();
        var crossing = new CrossingSend(5_000_000, DeliveryPriority.Normal, 3UL << 32 | 7, 11, "pool16", "h2-bus", new PoolTraffic(16, 1.5e9));
        var window = RoundTrip(new RunWindow(id, 9_000_000, true, [crossing]));
        Assert.Equal((id, 9_000_000L, true), (window.RunId, window.EndPs, window.Stop));
        Assert.Equal(crossing, window.Inbox.Single());

        var scenario = PartitionedTieringTests.Pond(100);
        using var part = TieringPart.Build(scenario, TieringShards.OfPartition(scenario.System, 0, 2));
        part.World.RunUntil(scenario.Duration);
        var shards = part.World.Shards.Select(s => new ShardTrace(s.Index, s.TraceHash, s.DeliveredCount)).ToArray();
        var done = RoundTrip(new WindowDone(id, 0, [crossing], 42, part.Telemetry, shards, 1.5));
        Assert.Equal((0, 42L, 1.5), (done.Partition, done.NextEventPs, done.LocalMs));
        Assert.Equal(crossing, done.Outbox.Single());
        Assert.Equal(shards, done.Shards);
        var t = SimTime.FromMilliseconds(100);
        Assert.Equal(Sample(TieringSimulation.Snapshot(t, scenario, part.Telemetry)), Sample(TieringSimulation.Snapshot(t, scenario, done.Telemetry!)));
    }

    [Fact]
    public void Window_counters_keep_their_offlines_and_gpus()
    {
        var telemetry = new TieringTelemetry();
        telemetry.Offlines.Add(new OfflineCounters(4, 50_000_000_000) { EndPs = 90_000_000_000, Result = "EINTR", Reason = "signal backoff", Rounds = 7, Migrated = 100, FoliosLeft = 3 });
        var gpu = telemetry.Gpu("gpu0");
        gpu.Add("prefetched", 1 << 30);
        (gpu.SdmaBusyPs, gpu.SdmaBusyUntilPs, gpu.SdmaWindows, gpu.Kernels, gpu.KernelPs, gpu.Enospc) = (5, 4, 6, 7, 8, 9);
        var done = RoundTrip(new WindowDone(Guid.NewGuid(), 1, [], null, new Dictionary<int, TieringTelemetry> { [1] = telemetry }, [], 0));
        var back = done.Telemetry![1];
        var offline = Assert.Single(back.Offlines);
        Assert.Equal((4, 50_000_000_000L, 90_000_000_000L, "EINTR", "signal backoff", 7L, 100L, 3L),
            (offline.Node, offline.AtPs, offline.EndPs, offline.Result, offline.Reason, offline.Rounds, offline.Migrated, offline.FoliosLeft));
        var g = Assert.Single(back.Gpus);
        Assert.Equal(("gpu0", 1L << 30, 5L, 4L, 6L, 7L, 8L, 9L),
            (g.Key, g.Value.Bytes["prefetched"], g.Value.SdmaBusyPs, g.Value.SdmaBusyUntilPs, g.Value.SdmaWindows, g.Value.Kernels, g.Value.KernelPs, g.Value.Enospc));
    }

    [Fact]
    public void The_other_messages_come_back_as_they_were()
    {
        var id = Guid.NewGuid();
        Assert.Equal(new PartitionReady(id, 2, null), RoundTrip(new PartitionReady(id, 2, null)));
        Assert.Equal(new PartitionFailed(id, 1, "boom"), RoundTrip(new PartitionFailed(id, 1, "boom")));
        Assert.Equal(new EndPartition(id), RoundTrip(new EndPartition(id)));
    }

    private static string Sample(TieringSample sample) => PartitionedTieringTests.Report(new TieringResult([sample], sample, 0, 0, []));
}
