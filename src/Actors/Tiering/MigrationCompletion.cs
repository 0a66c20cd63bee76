using System.Collections.Immutable;
using ActorMigration.Actors.Memory;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Platform;
using ActorMigration.Actors.Workloads;
using ActorMigration.Contracts.Units;
using Akka.Actor;

namespace ActorMigration.Actors.Tiering;

/// <summary>What every caller does when its migrate_pages() call returns: count it, put the folios back in the workload's LRU (the
/// moved ones on their new node), free the sources of the moved ones, and tell the bus what was copied.</summary>
public static class MigrationCompletion
{
    /// <summary>Ends the call of <paramref name="caller"/> on <paramref name="machine"/> that moved <paramref name="folios"/> of
    /// <paramref name="workload"/> from <paramref name="source"/> to <paramref name="target"/>; <paramref name="vmstat"/> names the
    /// node counter its successes add to (pgpromote_success counts at the target, others at the source), if any.</summary>
    public static void Finish(string caller, Machine machine, IActorRef bus, TieringTelemetry telemetry, IActorRef self,
        IActorRef workload, ByteSize folioSize, int source, int target, ImmutableArray<RegionFolios> folios, MigrationReport report, string? vmstat)
    {
        var count = folios.Sum(f => f.Count);
        telemetry.Migrated(caller, machine.ActorPrefix.TrimEnd('-'), source, target, count, folioSize.Pages, report, vmstat);
        var (sum, squares) = Windows(report);
        workload.Tell(new PutbackFolios(source, target, folios, report.Succeeded, sum, squares), self);
        if (report.Succeeded == 0) return;
        machine.Nodes[source].Tell(new FreeFolios(report.Succeeded, folioSize.Bytes), self);
        bus.Tell(new MigrationTraffic(source, target, report.BytesMoved), self);
    }

    /// <summary>The sum of the folios' inaccessible windows, in s, and of their squares, in s².</summary>
    private static (double Sum, double Squares) Windows(MigrationReport report)
    {
        double sum = 0, squares = 0;
        foreach (var ps in report.InaccessiblePs)
        {
            sum += ps * 1e-12;
            squares += ps * 1e-12 * (ps * 1e-12);
        }
        return (sum, squares);
    }
}
