using ActorMigration.Actors.Simulation;
using System.Globalization;

namespace ActorMigration.Node.Cli;

/// <summary>Refuses runs that would not fit in the memory this process may use, before they start: a run that does not fit
/// would take minutes, then die with "Out of memory" and nothing to show.</summary>
internal static class MemoryBudget
{
    // Leave room for the runtime's own growth, the journal and the rest of the machine.
    private const double UsableShare = 0.8;

    // The process before any run: the runtime, the program, the first actor system (measured ~75 MB; rounded up).
    private const long ProcessBytes = 120L << 20;

    // What drawing a run's timeline adds per folio: its folio-detail events in memory and their spans (measured order: 300 B).
    public const long PlotBytesPerFolio = 320;

    /// <summary>Throws a usage error naming the figure and the limit when <paramref name="scenarios"/>, run
    /// <paramref name="parallel"/> at a time, need more memory than this process may use; <paramref name="extraPerFolio"/> is
    /// what the command keeps per folio besides the run (a plot's spans).</summary>
    public static void Check(IReadOnlyList<MigrationScenario> scenarios, int parallel, string what, long extraPerFolio = 0)
    {
        var available = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var largest = scenarios.MaxBy(s => s.EstimatedMemoryBytes + s.Folios * extraPerFolio)!;
        var need = ProcessBytes + (largest.EstimatedMemoryBytes + largest.Folios * extraPerFolio) * Math.Min(parallel, scenarios.Count);
        var limit = (long)(available * UsableShare);
        if (need <= limit) return;
        var runs = parallel > 1 && scenarios.Count > 1 ? $" ({Math.Min(parallel, scenarios.Count)} runs at once)" : "";
        throw new UsageException($"{what}: {largest.Folios:N0} folios of {largest.FolioSize} need about {GiB(need)} of memory{runs}, "
            + $"more than the {GiB(limit)} this process may use ({UsableShare * 100:F0}% of {GiB(available)}); migrate fewer or larger folios"
            + (runs.Length > 0 ? ", or lower --parallel" : ""));
    }

    private static string GiB(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1L << 30):F1} GiB");
}
