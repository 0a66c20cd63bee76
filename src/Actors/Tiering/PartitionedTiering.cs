using System.Diagnostics;
using ActorMigration.Runtime.VirtualTime;

namespace ActorMigration.Actors.Tiering;

/// <summary>A <see cref="TieringScenario"/> partitioned by host over several worlds in this process, driven window by window
/// (<see cref="WindowSchedule"/>): what a cluster does over Akka.Remote, with method calls. Its result equals
/// <see cref="TieringSimulation.Run"/>'s, trace hash included.</summary>
public static class PartitionedTiering
{
    /// <summary>Runs <paramref name="scenario"/> in <paramref name="partitions"/> worlds; <paramref name="counters"/>, if given,
    /// counts the windows, the messages that crossed, and the wall time of building the worlds, running them (every world's, one
    /// after the other) and exchanging their crossings and counters.</summary>
    public static TieringResult Run(TieringScenario scenario, int partitions, PartitionCounters? counters = null)
    {
        var system = scenario.System;
        var parts = new List<TieringPart>();
        try
        {
            // Wall time is read only into the counters, which report what partitioning cost; no world ever sees it.
            var start = Stopwatch.StartNew();
            for (var p = 0; p < partitions; p++) parts.Add(TieringPart.Build(scenario, TieringShards.OfPartition(system, p, partitions)));
            if (counters is not null) counters.StartMs += start.Elapsed.TotalMilliseconds;
            var schedule = new WindowSchedule(TieringShards.Lookahead(scenario), TieringSimulation.SampleTimes(scenario));
            var samples = new List<TieringSample>();
            while (!schedule.Done)
            {
                var next = parts.Select(p => p.World.NextEventTime?.Picoseconds).Min();
                var (end, stop) = schedule.Next(next);
                var local = Stopwatch.StartNew();
                foreach (var part in parts) part.World.AdvanceTo(end);
                if (counters is not null) counters.LocalMs += local.Elapsed.TotalMilliseconds;
                var exchange = Stopwatch.StartNew();
                foreach (var part in parts)
                    foreach (var crossing in part.World.TakeCrossings())
                    {
                        parts[TieringShards.PartitionOfReceiver(system, crossing.Receiver, partitions)].World.Inject(crossing);
                        if (counters is not null) counters.Crossed++;
                    }
                if (stop is { } t) samples.Add(TieringSimulation.Snapshot(t, scenario, parts.SelectMany(p => p.Telemetry)));
                if (counters is not null) counters.SyncMs += exchange.Elapsed.TotalMilliseconds;
            }
            if (counters is not null) counters.Windows += schedule.Windows;
            return TieringSimulation.Result(scenario, samples, parts.SelectMany(p => p.Telemetry),
                parts.SelectMany(p => p.World.Shards).Select(s => (s.Index, s.TraceHash, s.DeliveredCount)));
        }
        finally
        {
            foreach (var part in parts) part.Dispose();
        }
    }
}
