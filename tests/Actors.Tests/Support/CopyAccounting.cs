using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Who copied which folio, from the rig's log: the migrator (batch copies) or the task (per-folio CPU copy in the move phase).</summary>
public static class CopyAccounting
{
    /// <summary>No folio is copied by the task twice; in every batch copy, the folios the task did not copy afterwards are exactly
    /// as many as the migrator says it copied; and the copies of both add up to the migrated folios.</summary>
    public static void AssertEachFolioCopiedOnce(MigrationRig rig, MigrationReport report)
    {
        var byTask = rig.CopiedByTask;
        var byTaskSet = byTask.ToHashSet();
        Assert.True(byTask.Count == byTaskSet.Count, "The task copied a folio twice");
        var byMigrator = 0;
        foreach (var (request, answer) in rig.Log.BatchCopies())
        {
            var answered = ((BatchCopied)answer.Message).Copied;
            Assert.All(answered, f => Assert.Contains(f, request.Folios!));
            var copied = answered.Length;
            Assert.InRange(copied, 0, request.Folios!.Length);
            var leftToTask = request.Folios.Count(byTaskSet.Contains);
            Assert.True(copied + leftToTask == request.Folios.Length,
                $"Batch copy of {request.Folios.Length} folios at {request.AtPs} ps: the migrator copied {copied}, the task {leftToTask} of them");
            byMigrator += copied;
        }
        Assert.True(report.Succeeded == byMigrator + byTask.Count,
            $"{report.Succeeded} folios migrated, but the migrator copied {byMigrator} and the task {byTask.Count}");
        Assert.All(byTask, f => Assert.True(rig.Folios.RemappedAtPs(f) >= 0, $"Folio {f} was copied by the task but not migrated"));
    }

    /// <summary>The fallbacks of the report are those of the migrator's answers, reason by reason.</summary>
    public static void AssertFallbacksReported(MigrationRig rig, MigrationReport report)
    {
        var answers = rig.Log.BatchCopies().Select(c => (BatchCopied)c.Answer.Message).ToArray();
        foreach (var fallback in Enum.GetValues<CopyFallback>().Where(f => f != CopyFallback.None))
            Assert.Equal(answers.Count(a => a.Fallback == fallback), report.Fallbacks[ReportNames.Of(fallback)]);
    }
}
