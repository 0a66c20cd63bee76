using System.Diagnostics;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Bench;

/// <summary>Speed of the migration model and of journaling it: the figures the issues ask for, measured, not asserted.</summary>
/// <remarks>Wall-clock time is read here only to report speed. Each figure is the best of several repetitions after a warm-up run,
/// the least noisy statistic on a shared 2-core machine; journaling costs are reported as ratios to the unjournaled run.</remarks>
public static class MigrationBenchmark
{
    private const int Repetitions = 3;

    // A ratio of two noisy figures needs more tries of each than one figure does.
    private const int JournalRepetitions = 6;

    /// <summary>The 1 GB, 4 KiB-folio move_pages of the measured box (vanilla): 262,144 folios.</summary>
    public static MigrationScenario OneGigabyteOf4K() => new()
    {
        Platform = PlatformProfileReader.Load("zen3-ptdma"),
        Mode = CopyMode.Vanilla,
        Workers = 0,
        FolioSize = ByteSize.Page,
        Folios = 262_144,
        BatchPages = 512,
    };

    /// <summary>Best wall time (ms) of a 1 GB 4K run in each mode, and of the whole RFC sweep; plus this process's peak memory.</summary>
    public static IReadOnlyDictionary<string, object> Model(string sweepPath)
    {
        var figures = new SortedDictionary<string, object>(StringComparer.Ordinal);
        foreach (var mode in Enum.GetValues<CopyMode>())
        {
            var scenario = OneGigabyteOf4K() with
            {
                Mode = mode,
                Workers = mode is CopyMode.MtCopy or CopyMode.Dcbm ? 16 : 0,
                BatchPages = mode == CopyMode.Vanilla ? 512 : 262_144,
            };
            figures[$"run_1g_4k_{ScenarioNames.NameOf(ScenarioNames.Modes, mode)}_ms"] = Best(() => MigrationSimulation.Run(scenario));
        }
        var sweep = SweepFile.Load(sweepPath);
        figures["sweep_runs"] = sweep.Scenarios.Count;
        figures["sweep_ms"] = Best(() => SweepRunner.Run(sweep.Scenarios, Environment.ProcessorCount), repetitions: 1);
        figures["peak_working_set_mb"] = Math.Round(Process.GetCurrentProcess().PeakWorkingSet64 / 1e6, 1);
        return figures;
    }

    /// <summary>The 1 GB 4K run unjournaled, and journaled at batch and folio detail into each store given; ratios to unjournaled.</summary>
    /// <remarks>Each store and detail gets a fresh journal, opened (its ActorSystem started, its tables created by the warm-up run)
    /// before the clock starts: the figure is what journaling a run costs, not what opening a journal does.</remarks>
    public static IReadOnlyDictionary<string, object> Journal(IReadOnlyList<(string Name, Func<string> FreshLocation)> stores)
    {
        var figures = new SortedDictionary<string, object>(StringComparer.Ordinal);
        var scenario = OneGigabyteOf4K();
        var plain = Best(() => MigrationSimulation.Run(scenario), JournalRepetitions);
        figures["unjournaled_ms"] = plain;
        foreach (var (name, freshLocation) in stores)
            foreach (var detail in new[] { JournalDetail.Batch, JournalDetail.Folio })
            {
                using var journal = MigrationJournal.Open(freshLocation());
                var ms = Best(() => JournaledRuns.Run(journal, "bench", scenario, detail), JournalRepetitions);
                var key = $"{name}_{detail.ToString().ToLowerInvariant()}";
                figures[$"{key}_ms"] = ms;
                figures[$"{key}_ratio"] = Math.Round(ms / plain, 2);
            }
        return figures;
    }

    private static double Best<T>(Func<T> run, int repetitions = Repetitions)
    {
        run(); // warm-up: JIT, caches, files
        var best = double.MaxValue;
        for (var i = 0; i < repetitions; i++)
        {
            var clock = Stopwatch.StartNew();
            run();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }
        return Math.Round(best, 1);
    }
}
