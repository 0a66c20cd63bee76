using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Journal;

namespace ActorMigration.Node.Journal;

/// <summary>Rebuilds a run's result from its journal alone, with the same arithmetic as the live report, so that
/// <c>replay --format json</c> prints what <c>run --format json</c> printed (but for <c>wall_ms</c>).</summary>
/// <remarks>At folio detail the inaccessible times come from the folios' own spans, an independent path from the batch
/// summaries, so a replay also cross-checks the recorder.</remarks>
public static class RunReplay
{
    /// <summary>The result of <paramref name="run"/>; for an incomplete run, what its complete batches add up to (trace hash 0).</summary>
    public static MigrationRunResult Rebuild(JournaledRun run)
    {
        var batches = run.Events.OfType<BatchCompleted>().ToArray();
        var completed = run.Completed;
        var cpu = new SortedDictionary<string, long>(StringComparer.Ordinal)
        {
            ["call"] = completed?.CpuCallPs ?? 0,
            ["unmap"] = batches.Sum(b => b.CpuUnmapPs),
            ["flush"] = batches.Sum(b => b.CpuFlushPs),
            ["copy"] = batches.Sum(b => b.CpuCopyPs),
            ["move"] = batches.Sum(b => b.CpuMovePs),
            ["workers"] = batches.Sum(b => b.CpuWorkersPs),
            ["channels"] = batches.Sum(b => b.CpuChannelsPs),
        };
        var failed = ReportNames.Failures(
            batches.Sum(b => b.FailedEagain),
            batches.Sum(b => b.FailedEbusy),
            batches.Sum(b => b.FailedEnomem) + (completed?.NeverTried ?? 0));
        var fallbackCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var b in batches)
            for (var i = 0; i < b.FallbackReasons.Count; i++)
                fallbackCounts[b.FallbackReasons[i]] = fallbackCounts.GetValueOrDefault(b.FallbackReasons[i]) + b.FallbackCounts[i];
        var fallbacks = ReportNames.Fallbacks(f => fallbackCounts.GetValueOrDefault(ReportNames.Of(f)));
        var inaccessible = run.Started.Detail == "folio" ? InaccessibleFromFolios(run) : batches.SelectMany(b => b.InaccessiblePs).ToArray();
        MigrationReport.SortInaccessible(inaccessible);
        var startPs = completed?.StartPs ?? 0;
        var succeeded = batches.Sum(b => b.Succeeded);
        var frequencyGHz = RunDescriptor.Scenario(run.Started).Platform.Cpu.FrequencyGHz;
        var endPs = completed?.EndPs ?? (batches.Length > 0 ? batches[^1].EndPs : 0);
        var report = new MigrationReport
        {
            BytesMoved = batches.Sum(b => b.BytesMoved),
            DurationPs = endPs - startPs,
            FirstFolioLatencyPs = batches.Where(b => b.FirstDonePs >= 0).Select(b => b.FirstDonePs - b.StartPs).ToArray(),
            InaccessiblePs = InaccessibleTimes.FromSorted(inaccessible),
            CpuPs = cpu,
            CopyPs = batches.Sum(b => b.CopyPs),
            CpuCyclesPerPage = MigrationReport.CyclesPerPage(cpu["call"] + cpu["unmap"] + cpu["flush"] + cpu["copy"] + cpu["move"],
                (long)succeeded * (run.Started.FolioBytes / 4096), frequencyGHz),
            Succeeded = succeeded,
            Failed = failed,
            Fallbacks = fallbacks,
            Batches = batches.Length,
            Passes = batches.Sum(b => b.Passes),
            TlbFlushes = batches.Sum(b => b.Flushes),
        };
        return new MigrationRunResult(report, completed?.TraceHash ?? 0, completed?.Events ?? 0, completed?.SimTimePs ?? endPs);
    }

    /// <summary>Unmap-to-remap time of every folio that was remapped, from the folio spans.</summary>
    private static long[] InaccessibleFromFolios(JournaledRun run)
    {
        var times = new List<long>();
        foreach (var chunk in run.Events.OfType<FoliosCompleted>())
            for (var i = 0; i < chunk.Folio.Count; i++)
                if (chunk.RemapEndPs[i] >= 0) times.Add(chunk.RemapEndPs[i] - chunk.UnmapEndPs[i]);
        return times.ToArray();
    }
}
