using ActorMigration.Actors.Tiering;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Actors.Tests.Tiering;

/// <summary>Two hosts' memory buses and the CXL pool device they share, wired as <see cref="TieringSimulation"/> wires them
/// (1 ms epochs, the device settling 3/4 of an epoch into its own): probes play one workload on each host, and the test sees
/// when host b's workload is told of host a's traffic.</summary>
public sealed class PoolDeviceTests : TieringKit
{
    private const double LoadedLatency = 2.5, PortBytesPerSec = 52e9, DeviceBytesPerSec = 10e9;

    /// <summary>Host a's workload moves half a pool epoch's worth of the device's bandwidth at 1 ms. a's bus settles it at 1.5 ms
    /// and reports it at the end of the pool epoch; the report takes a pool epoch to reach the device, which settles it at its next
    /// settle; the answer takes a pool epoch to reach b's bus, which tells b's workload at its next settle: at 7.5 ms with 2 ms
    /// pool epochs, 13.5 ms with 4 ms, never before 1 ms + 2 pool epochs. Until then b's pool latency factor is 1; then, for one
    /// device epoch, 1 + (2.5 − 1) × 0.5². a's own workload sees its port's load at the next settle.</summary>
    [Theory]
    [InlineData(2, 7500)]
    [InlineData(4, 13500)]
    public void A_hosts_pool_load_reaches_another_host_two_pool_epochs_after_its_traffic_never_sooner(long poolEpochMs, long seenAtUs)
    {
        var epoch = SimTime.FromMilliseconds(1);
        var poolEpoch = SimTime.FromMilliseconds(poolEpochMs);
        var device = Spawn(SimulationProps.Of(() => new PoolDevice(2, DeviceBytesPerSec, poolEpoch, SimTime.FromPicoseconds(epoch.Picoseconds * 3 / 4))), "pool2");
        var buses = new[] { (Host: "a", Dram: 0), (Host: "b", Dram: 1) }.Select(h => Spawn(SimulationProps.Of(() => new MemoryBus(
            [new BusNode(h.Dram, 150e9, LoadedLatency), new BusNode(2, PortBytesPerSec, LoadedLatency, device)], epoch, poolEpoch, Telemetry)), $"{h.Host}-bus")).ToArray();
        var workloads = new[] { CreateTestProbe("wa"), CreateTestProbe("wb") };
        for (var h = 0; h < 2; h++) buses[h].Tell(new NodeTraffic([0, 0]), workloads[h].Ref);

        var seenByB = new List<(long AtPs, double Factor)>();
        void Collect()
        {
            while (workloads[1].HasMessages) seenByB.Add((World.Now.Picoseconds, workloads[1].ExpectMsg<NodeLoad>().LatencyFactor[1]));
        }
        Drive(SimTime.FromMilliseconds(1), Collect);
        RunUntil(SimTime.FromMilliseconds(1));
        var bytes = 0.5 * DeviceBytesPerSec * poolEpoch.TotalSeconds;
        buses[0].Tell(new NodeTraffic([0, bytes]), workloads[0].Ref);
        Drive(SimTime.FromMilliseconds(20), Collect);

        var seenPs = SimTime.FromMicroseconds(seenAtUs).Picoseconds;
        Assert.True(seenPs >= SimTime.FromMilliseconds(1).Picoseconds + 2 * poolEpoch.Picoseconds);
        Assert.Equal(20, seenByB.Count); // one at each settle, from 0.5 ms
        Assert.All(seenByB, s => Assert.Equal(s.AtPs >= seenPs && s.AtPs < seenPs + poolEpoch.Picoseconds ? Factor(0.5) : 1.0, s.Factor, 12));
        var ownPort = new[] { workloads[0].ExpectMsg<NodeLoad>(), workloads[0].ExpectMsg<NodeLoad>() }.Select(l => l.LatencyFactor[1]);
        Assert.Equal(new[] { 1.0, Factor(bytes / (PortBytesPerSec * epoch.TotalSeconds)) }, ownPort);
    }

    /// <summary>The latency over idle at <paramref name="utilisation"/>, as the bus shapes it.</summary>
    private static double Factor(double utilisation) => 1 + (LoadedLatency - 1) * utilisation * utilisation;
}
