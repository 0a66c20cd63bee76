using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Units;
using Akka.Actor;
using Akka.TestKit;

namespace ActorMigration.Actors.Tests;

/// <summary>-EAGAIN folios are retried in the next pass of their migrate_pages_batch() call, and passes are bounded per mode:
/// async, at most NR_MAX_MIGRATE_PAGES_RETRY (10) per batch; sync, the batch with 3 async passes, then each leftover folio
/// alone with NR_MAX_MIGRATE_SYNC_RETRY (7).</summary>
public sealed class PassTests : HandWiredKit
{
    /// <summary>With -EAGAIN certain, no folio ever unmaps: each batch call runs all its passes, trying every folio in each,
    /// and every folio ends with -EAGAIN. The unmap-phase CPU time counts the attempts: one per folio per pass.</summary>
    [Theory]
    [InlineData(CopyMode.Vanilla, MigrateMode.Async, 4096, 128)]
    [InlineData(CopyMode.Vanilla, MigrateMode.Sync, 4096, 128)]
    [InlineData(CopyMode.Dcbm, MigrateMode.Async, 65536, 512)]
    [InlineData(CopyMode.MtCopy, MigrateMode.Sync, 65536, 512)]
    public void With_certain_EAGAIN_every_folio_fails_after_exactly_the_bounded_passes(CopyMode mode, MigrateMode migrateMode, int folioBytes, int batchPages)
    {
        const int folios = 300;
        using var rig = MigrationRig.Create(Scenarios.Of(mode, folioBytes, folios, batchPages, migrateMode, new FaultInjection(Eagain: 1)));

        var report = rig.Run();

        var perBatch = batchPages / (folioBytes / 4096);
        var batches = (folios + perBatch - 1) / perBatch;
        var (calls, passes, attemptsPerFolio) = migrateMode == MigrateMode.Async
            ? (batches, batches * MigratingTask.NrMaxMigratePagesRetry, MigratingTask.NrMaxMigratePagesRetry)
            : (batches + folios, batches * MigratingTask.NrMaxMigrateAsyncRetry + folios * MigratingTask.NrMaxMigrateSyncRetry, MigratingTask.NrMaxMigrateAsyncRetry + MigratingTask.NrMaxMigrateSyncRetry);
        Assert.Equal(calls, report.Batches);
        Assert.Equal(passes, report.Passes);
        Assert.Equal(0, report.Succeeded);
        Assert.Equal(folios, report.Failed["EAGAIN"]);
        Assert.All(Enumerable.Range(0, folios), f => Assert.Equal(Errno.EAGAIN, rig.Folios.Errno(f)));
        FolioAssert.Accounted(rig.Folios, report);
        Assert.Equal(0, report.TlbFlushes);
        Assert.Empty(rig.Log.Entries); // no flush, no copy: nothing was ever unmapped
        var kernel = rig.Machine.Profile.Kernel;
        var attempt = (long)(kernel.Folio.Picoseconds * kernel.UnmapShare);
        Assert.Equal(calls * kernel.Batch.Picoseconds + (long)folios * attemptsPerFolio * attempt, report.CpuPs["unmap"]);
    }

    /// <summary>Async mode, -EAGAIN one time in two: a probe plays the TLB shootdown and sees, at each batch call's one flush, which
    /// folios its unmap passes unmapped (the -EAGAIN folios of earlier passes retried in later ones, up to 10 passes); no folio is
    /// unmapped twice, and a folio that never unmapped failed with -EAGAIN.</summary>
    [Fact]
    public void Async_EAGAIN_folios_are_retried_in_the_next_passes_up_to_ten()
    {
        const int perBatch = 64;
        var tlb = CreateTestProbe("tlb-probe");
        var folios = new FolioRecorder(256, ByteSize.Page.Bytes);
        var task = StartTask(folios, s => s with { Tlb = tlb.Ref });
        task.Tell(new MovePages(folios.Count, ByteSize.Page, MigrateMode.Async, MigrateReason.NumaMisplaced, CopyFlow.Vanilla, perBatch, new FaultInjection(Eagain: 0.5)), tlb.Ref);

        var (passes, report) = Flushes(tlb, folios);

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.Equal(4, report.Batches);
        Assert.InRange(report.Passes, passes.Count, MigratingTask.NrMaxMigratePagesRetry * report.Batches);
        // As migrate_pages_batch(): every unmap pass first, then one flush for all the folios they unmapped.
        var seen = new HashSet<int>();
        Assert.Equal(report.Batches, report.TlbFlushes);
        foreach (var batch in passes.GroupBy(p => p[0] / perBatch))
        {
            var flushed = Assert.Single(batch);
            Assert.All(flushed, f => Assert.Equal(batch.Key, f / perBatch)); // a call stays in its batch
            Assert.True(flushed.Length > perBatch / 2 + perBatch / 8, "-EAGAIN folios should be unmapped on later passes, before the flush");
            Assert.All(flushed, f => Assert.True(seen.Add(f), $"Folio {f} unmapped twice"));
        }
        Assert.All(Enumerable.Range(0, folios.Count).Where(f => !seen.Contains(f)), f => Assert.Equal(Errno.EAGAIN, folios.Errno(f)));
        Assert.Equal(seen.Count, report.Succeeded);
    }

    /// <summary>Sync mode, -EAGAIN one time in two: the batch call has at most 3 passes; each folio left after them gets its own
    /// call of at most 7 passes, which unmaps that folio alone; a folio that fails all 10 attempts fails with -EAGAIN.</summary>
    [Fact]
    public void Sync_leftovers_are_retried_one_by_one_with_seven_passes()
    {
        const int perBatch = 64;
        var tlb = CreateTestProbe("tlb-probe");
        var folios = new FolioRecorder(256, ByteSize.Page.Bytes);
        var task = StartTask(folios, s => s with { Tlb = tlb.Ref });
        task.Tell(new MovePages(folios.Count, ByteSize.Page, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.Vanilla, perBatch, new FaultInjection(Eagain: 0.5)), tlb.Ref);

        var (passes, report) = Flushes(tlb, folios);

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        const int batches = 4;
        var singles = report.Batches - batches;
        Assert.True(singles > 0, "One in eight folios should be left after three passes");
        Assert.InRange(report.Passes, batches + singles, batches * MigratingTask.NrMaxMigrateAsyncRetry + singles * MigratingTask.NrMaxMigrateSyncRetry);
        // Flushes of one batch: one for its batch call, then one per leftover that unmapped, one folio each.
        foreach (var batch in passes.GroupBy(p => p[0] / perBatch))
        {
            var flushed = batch.ToArray();
            Assert.All(flushed, p => Assert.All(p, f => Assert.Equal(batch.Key, f / perBatch)));
            Assert.True(flushed[0].Length > 1, "The batch call unmaps many folios before its one flush");
            Assert.All(flushed.Skip(1), p => Assert.Single(p));
        }
        Assert.Equal(report.Succeeded, passes.Sum(p => p.Length));
        Assert.All(Enumerable.Range(0, folios.Count).Where(f => folios.RemappedAtPs(f) < 0), f => Assert.Equal(Errno.EAGAIN, folios.Errno(f)));
    }

    /// <summary>Plays the TLB shootdown until the call returns: the folios in flight at each flush, and the call's report.</summary>
    private (List<int[]> Flushed, MigrationReport Report) Flushes(TestProbe tlb, FolioRecorder folios)
    {
        var flushedAtPs = new List<long>();
        while (true)
        {
            var message = Next(tlb);
            if (message is MovePagesDone done) return (flushedAtPs.Select(folios.InFlightAt).ToList(), done.Report);
            Assert.IsType<FlushTlbBatch>(message);
            flushedAtPs.Add(World.Now.Picoseconds);
            tlb.Reply(new TlbFlushed(SimTime.FromMicroseconds(2)));
        }
    }
}
