using ActorMigration.Contracts.Journal;

namespace ActorMigration.Node.Journal;

/// <summary>One span of a run's timeline.</summary>
/// <param name="Track">Where it ran: the migrating thread's CPU (<c>cpu0</c>), a DMA channel, a copy worker, an engine.</param>
/// <param name="Name">What it was (<c>unmap folio 7</c>, <c>descriptor</c>, <c>migrate_pages_batch #0</c>).</param>
/// <param name="Category">batch, unmap, flush, copy or remap.</param>
/// <param name="StartPs">Start in virtual time (ps).</param>
/// <param name="EndPs">End in virtual time (ps).</param>
public readonly record struct TimelineSpan(string Track, string Name, string Category, long StartPs, long EndPs);

/// <summary>A folio-detail run as spans on tracks: each migrate_pages_batch() call and its folios' unmap, copy and remap on the
/// migrating thread's CPU, plus what ran elsewhere (flushes, descriptors on channels, chunks on workers).</summary>
public static class RunTimeline
{
    /// <summary>The track of the migrating thread.</summary>
    public static string TaskTrack(RunStarted started) => $"cpu{started.TaskCpu}";

    /// <summary>The spans of <paramref name="run"/>, in journal order.</summary>
    public static IEnumerable<TimelineSpan> Of(JournaledRun run)
    {
        var started = run.Started;
        if (started.Detail != "folio")
            throw new InvalidOperationException($"{run.RunId} was journaled at {started.Detail} detail; a timeline needs --journal-detail folio");
        var task = TaskTrack(started);
        foreach (var e in run.Events)
        {
            switch (e)
            {
                case BatchCompleted b:
                    yield return new(task, $"migrate_pages_batch #{b.Index}", "batch", b.StartPs, b.EndPs);
                    break;
                case FoliosCompleted f:
                    foreach (var span in Folios(task, f)) yield return span;
                    break;
                case SpansRecorded s:
                    for (var i = 0; i < s.Track.Count; i++)
                        yield return new(s.Track[i], s.Name[i], s.Name[i] == "try_to_unmap_flush" ? "flush" : "copy", s.StartPs[i], s.EndPs[i]);
                    break;
            }
        }
    }

    private static IEnumerable<TimelineSpan> Folios(string task, FoliosCompleted f)
    {
        long sharedStart = -1, sharedEnd = -1;
        var shared = 0;
        for (var i = 0; i < f.Folio.Count; i++)
        {
            if (f.UnmapStartPs[i] >= 0) yield return new(task, $"unmap folio {f.Folio[i]}", "unmap", f.UnmapStartPs[i], f.UnmapEndPs[i]);
            if (f.CopyStartPs[i] >= 0)
            {
                // Folios copied together by a migrator share one window: one span for the lot, not one per folio.
                if (f.CopyStartPs[i] == sharedStart && f.CopyEndPs[i] == sharedEnd) shared++;
                else
                {
                    if (shared > 0) yield return SharedCopy(task, shared, sharedStart, sharedEnd);
                    (sharedStart, sharedEnd, shared) = (f.CopyStartPs[i], f.CopyEndPs[i], 1);
                }
            }
            if (f.RemapStartPs[i] >= 0) yield return new(task, $"remap folio {f.Folio[i]}", "remap", f.RemapStartPs[i], f.RemapEndPs[i]);
        }
        if (shared > 0) yield return SharedCopy(task, shared, sharedStart, sharedEnd);
    }

    private static TimelineSpan SharedCopy(string task, int folios, long startPs, long endPs) =>
        new(task, folios == 1 ? "copy" : $"batch copy ({folios} folios)", "copy", startPs, endPs);
}
