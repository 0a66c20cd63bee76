using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

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
            ? (batches, batches * MigratingTask.AsyncPasses, MigratingTask.AsyncPasses)
            : (batches + folios, batches * MigratingTask.SyncAsyncPasses + folios * MigratingTask.SyncPasses, MigratingTask.SyncAsyncPasses + MigratingTask.SyncPasses);
        Assert.Equal(calls, report.Batches);
        Assert.Equal(passes, report.Passes);
        Assert.Equal(0, report.Succeeded);
        Assert.Equal(folios, report.Failed["-EAGAIN"]);
        Assert.All(rig.Folios.Errno, e => Assert.Equal(Errno.EAGAIN, e));
        FolioAssert.Accounted(rig.Folios, report);
        Assert.Equal(0, report.TlbFlushes);
        Assert.Empty(rig.Log.Entries); // no flush, no copy: nothing was ever unmapped
        var kernel = rig.Machine.Profile.Kernel;
        var attempt = (long)(kernel.Folio.Picoseconds * kernel.UnmapShare);
        Assert.Equal(calls * kernel.Batch.Picoseconds + (long)folios * attemptsPerFolio * attempt, report.CpuPs["unmap"]);
    }

    /// <summary>Async mode, -EAGAIN one time in two: a probe plays the TLB shootdown and sees, at each pass's flush, which folios
    /// that pass unmapped. Each pass unmaps folios of one batch that no earlier pass unmapped (the -EAGAIN folios of the earlier
    /// passes, retried), a batch has at most 10 such passes, and a folio that never unmapped failed with -EAGAIN.</summary>
    [Fact]
    public void Async_EAGAIN_folios_are_retried_in_the_next_passes_up_to_ten()
    {
        const int perBatch = 64;
        var tlb = CreateTestProbe("tlb-probe");
        var task = StartTask(s => s with { Tlb = tlb.Ref });
        var folios = new FolioList(256, ByteSize.Page);
        task.Tell(new MovePages(folios, MigrateMode.Async, MigrateReason.NumaMisplaced, CopyFlow.Vanilla, perBatch, new FaultInjection(Eagain: 0.5)), tlb.Ref);

        var passes = new List<int[]>();
        MigrationReport report;
        while (true)
        {
            var message = Next(tlb);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            Assert.IsType<FlushTlbBatch>(message);
            passes.Add(FolioAssert.InFlight(folios));
            tlb.Reply(new TlbFlushed(SimTime.FromMicroseconds(2)));
        }

        EventCollector.AssertNone(Events);
        FolioAssert.Accounted(folios, report);
        Assert.Equal(4, report.Batches);
        Assert.InRange(report.Passes, passes.Count, MigratingTask.AsyncPasses * report.Batches);
        var seen = new HashSet<int>();
        foreach (var batch in passes.GroupBy(p => p[0] / perBatch))
        {
            var flushed = batch.ToArray();
            Assert.All(flushed, p => Assert.All(p, f => Assert.Equal(batch.Key, f / perBatch))); // a pass stays in its batch
            Assert.InRange(flushed.Length, 2, MigratingTask.AsyncPasses); // some -EAGAIN folios unmapped on a retry
            Assert.True(flushed[0].Length < perBatch, "One in two folios should fail the first pass");
            foreach (var pass in flushed) Assert.All(pass, f => Assert.True(seen.Add(f), $"Folio {f} unmapped twice"));
        }
        Assert.All(Enumerable.Range(0, folios.Count).Where(f => !seen.Contains(f)), f => Assert.Equal(Errno.EAGAIN, folios.Errno[f]));
        Assert.Equal(seen.Count, report.Succeeded);
    }

    /// <summary>Sync mode, -EAGAIN one time in two: the batch call has at most 3 passes; each folio left after them gets its own
    /// call of at most 7 passes, which unmaps that folio alone; a folio that fails all 10 attempts fails with -EAGAIN.</summary>
    [Fact]
    public void Sync_leftovers_are_retried_one_by_one_with_seven_passes()
    {
        const int perBatch = 64;
        var tlb = CreateTestProbe("tlb-probe");
        var task = StartTask(s => s with { Tlb = tlb.Ref });
        var folios = new FolioList(256, ByteSize.Page);
        task.Tell(new MovePages(folios, MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.Vanilla, perBatch, new FaultInjection(Eagain: 0.5)), tlb.Ref);

        var passes = new List<int[]>();
        MigrationReport report;
        while (true)
        {
            var message = Next(tlb);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            Assert.IsType<FlushTlbBatch>(message);
            passes.Add(FolioAssert.InFlight(folios));
            tlb.Reply(new TlbFlushed(SimTime.FromMicroseconds(2)));
        }

        EventCollector.AssertNone(Events);
        FolioAssert.Accounted(folios, report);
        const int batches = 4;
        var singles = report.Batches - batches;
        Assert.True(singles > 0, "One in eight folios should be left after three passes");
        Assert.InRange(report.Passes, batches + singles, batches * MigratingTask.SyncAsyncPasses + singles * MigratingTask.SyncPasses);
        // Flushes of one batch: first those of its batch call (at most 3), then one per leftover that unmapped, one folio each.
        foreach (var batch in passes.GroupBy(p => p[0] / perBatch))
        {
            var flushed = batch.ToArray();
            Assert.All(flushed, p => Assert.All(p, f => Assert.Equal(batch.Key, f / perBatch)));
            var batchCall = flushed.TakeWhile(p => p.Length > 1).Count();
            Assert.InRange(batchCall, 1, MigratingTask.SyncAsyncPasses);
            Assert.All(flushed.Skip(MigratingTask.SyncAsyncPasses), p => Assert.Single(p));
        }
        Assert.Equal(report.Succeeded, passes.Sum(p => p.Length));
        Assert.All(Enumerable.Range(0, folios.Count).Where(f => folios.RemappedAtPs[f] < 0), f => Assert.Equal(Errno.EAGAIN, folios.Errno[f]));
    }
}
