using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Checks on a finished call's folios and report.</summary>
public static class FolioAssert
{
    /// <summary>Every migrated folio was unmapped, copied (once: the task stops on a second copy) and remapped after its copy;
    /// every other folio failed with an errno, or was never tried after an -ENOMEM stop (as many as the task says), and was
    /// never unmapped nor copied (the model has no undo after unmap); the report counts the same (never-tried ones as -ENOMEM).</summary>
    public static void Accounted(FolioRecorder folios, MigrationReport report)
    {
        Assert.NotNull(folios.Call);
        var migrated = 0;
        var neverTried = 0;
        var failed = new Dictionary<string, int>();
        for (var f = 0; f < folios.Count; f++)
        {
            if (folios.RemappedAtPs(f) >= 0)
            {
                migrated++;
                Assert.True(folios.Errno(f) == Errno.Success, $"Folio {f} was remapped but failed with {folios.Errno(f)}");
                Assert.True(folios.CopiedAtPs(f) >= 0 && folios.CopiedAtPs(f) <= folios.RemappedAtPs(f),
                    $"Folio {f}: copied at {folios.CopiedAtPs(f)} ps, remapped at {folios.RemappedAtPs(f)} ps");
                Assert.True(folios.UnmappedAtPs(f) >= 0 && folios.UnmappedAtPs(f) <= folios.RemappedAtPs(f),
                    $"Folio {f}: unmapped at {folios.UnmappedAtPs(f)} ps, remapped at {folios.RemappedAtPs(f)} ps");
                continue;
            }
            var errno = folios.Errno(f);
            if (errno == Errno.Success)
            {
                neverTried++;
                errno = Errno.ENOMEM;
            }
            Assert.True(folios.CopiedAtPs(f) < 0, $"Folio {f} failed with {errno} but was copied");
            Assert.True(folios.UnmappedAtPs(f) < 0, $"Folio {f} failed with {errno} after it was unmapped");
            var name = errno.ToString();
            failed[name] = failed.GetValueOrDefault(name) + 1;
        }
        Assert.True(neverTried == folios.Call.NeverTried, $"{neverTried} folios neither migrated nor failed, the task says {folios.Call.NeverTried} were never tried");
        Assert.Equal(migrated, report.Succeeded);
        Assert.Equal(migrated * folios.FolioBytes, report.BytesMoved);
        Assert.Equal(migrated, report.InaccessiblePs.Count);
        foreach (var (name, count) in report.Failed) Assert.Equal(failed.GetValueOrDefault(name), count);
        foreach (var (name, count) in failed) Assert.Equal(count, report.Failed.GetValueOrDefault(name));
        Assert.Equal(folios.Count, report.Succeeded + report.Failed.Values.Sum());
    }
}
