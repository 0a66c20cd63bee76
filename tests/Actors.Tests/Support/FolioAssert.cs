using ActorMigration.Actors.Migrate;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Checks on a finished call's folios and report.</summary>
public static class FolioAssert
{
    /// <summary>Every migrated folio was unmapped, copied exactly once and remapped after its unmap; every other folio failed
    /// with an errno and was never unmapped nor copied (the model has no undo after unmap); the report counts the same.</summary>
    public static void Accounted(FolioList folios, MigrationReport report)
    {
        var migrated = 0;
        var failed = new Dictionary<string, int>();
        for (var f = 0; f < folios.Count; f++)
        {
            if (folios.RemappedAtPs[f] >= 0)
            {
                migrated++;
                Assert.True(folios.Errno[f] == Errno.Success, $"Folio {f} was remapped but failed with {folios.Errno[f]}");
                Assert.True(folios.CopyCount[f] == 1, $"Folio {f} was remapped with copy count {folios.CopyCount[f]}");
                Assert.True(folios.UnmappedAtPs[f] >= 0 && folios.UnmappedAtPs[f] <= folios.RemappedAtPs[f],
                    $"Folio {f}: unmapped at {folios.UnmappedAtPs[f]} ps, remapped at {folios.RemappedAtPs[f]} ps");
                continue;
            }
            Assert.True(folios.Errno[f] != Errno.Success, $"Folio {f} neither migrated nor failed");
            Assert.True(folios.CopyCount[f] == 0, $"Folio {f} failed with {folios.Errno[f]} but was copied {folios.CopyCount[f]} time(s)");
            Assert.True(folios.UnmappedAtPs[f] < 0, $"Folio {f} failed with {folios.Errno[f]} after it was unmapped");
            var name = folios.Errno[f].ToString();
            failed[name] = failed.GetValueOrDefault(name) + 1;
        }
        Assert.Equal(migrated, report.Succeeded);
        Assert.Equal(migrated * folios.FolioBytes, report.BytesMoved);
        Assert.Equal(migrated, report.InaccessiblePs.Length);
        foreach (var (name, count) in report.Failed) Assert.Equal(failed.GetValueOrDefault(name), count);
        foreach (var (name, count) in failed) Assert.Equal(count, report.Failed.GetValueOrDefault(name));
        Assert.Equal(folios.Count, report.Succeeded + report.Failed.Values.Sum());
    }

    /// <summary>Indices of the folios unmapped and not yet remapped: those of the pass in its flush, copy or move phase.</summary>
    public static int[] InFlight(FolioList folios) =>
        Enumerable.Range(0, folios.Count).Where(f => folios.UnmappedAtPs[f] >= 0 && folios.RemappedAtPs[f] < 0).ToArray();
}
