using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Units;
using ActorMigration.Runtime.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>No folio's data is copied before the batched TLB flush of its pass (try_to_unmap_flush()) has completed: a CPU
/// could still write through a stale TLB entry, and the write would be lost.</summary>
public sealed class FlushBeforeCopyTests : HandWiredKit
{
    /// <summary>A probe plays the TLB shootdown and the fabric: it holds every flush for a while (nothing may reach the fabric
    /// meanwhile), and checks that each CPU copy is of a folio whose pass flush it has already answered.</summary>
    [Theory]
    [InlineData(MigrateMode.Async, 4096)]
    [InlineData(MigrateMode.Sync, 4096)]
    [InlineData(MigrateMode.Async, 65536)]
    public void Vanilla_CPU_copy_starts_only_after_the_pass_flush_was_delivered(MigrateMode mode, int folioBytes)
    {
        var neighbour = CreateTestProbe("tlb-and-fabric");
        var task = StartTask(s => s with { Tlb = neighbour.Ref, Fabric = neighbour.Ref });
        var folios = new FolioList(300, new ByteSize(folioBytes));
        task.Tell(new MovePages(folios, mode, MigrateReason.Syscall, CopyFlow.Vanilla, 128, Scenarios.Retries(eagain: 0.3)), neighbour.Ref);

        var flushed = new HashSet<int>();
        var flushes = 0;
        var copies = 0;
        MigrationReport report;
        while (true)
        {
            var message = Next(neighbour);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            if (message is FlushTlbBatch)
            {
                flushes++;
                var pass = FolioAssert.InFlight(folios);
                Assert.NotEmpty(pass);
                Assert.DoesNotContain(pass, flushed.Contains);
                neighbour.ExpectNoMsg(Hold); // the flush is outstanding: no StartTransfer may reach the fabric
                Assert.All(pass, f => Assert.Equal(0, folios.CopyCount[f]));
                neighbour.Reply(new TlbFlushed(SimTime.FromMicroseconds(2)));
                flushed.UnionWith(pass);
                continue;
            }
            var start = Assert.IsType<StartTransfer>(message);
            Assert.True(flushed.Contains((int)start.Token), $"Folio {start.Token} copied at {Sys.Now} before its pass was flushed");
            copies++;
            neighbour.Reply(new TransferDone(start.Token));
        }

        EventCollector.AssertNone(Events);
        FolioAssert.Accounted(folios, report);
        Assert.Equal(report.TlbFlushes, flushes);
        Assert.Equal(report.Succeeded, copies);
        Assert.True(report.Passes > report.Batches, "The faults should have forced retries: several unmap passes before a batch call's flush");
    }

    /// <summary>In the batch flow a probe plays the TLB shootdown and the migrator: the batch copy of a batch call is asked for
    /// only once its flush was delivered, and covers exactly the folios its unmap passes unmapped.</summary>
    [Theory]
    [InlineData(MigrateMode.Async)]
    [InlineData(MigrateMode.Sync)]
    public void Batch_copy_is_asked_only_after_the_pass_flush_was_delivered(MigrateMode mode)
    {
        var neighbour = CreateTestProbe("tlb-and-migrator");
        Machine.Registry.Tell(new RegisterMigrator(neighbour.Ref, AllReasons), neighbour.Ref);
        neighbour.ExpectMsg<MigratorRegistered>(r => r.Result == Errno.Success);
        var task = StartTask(s => s with { Tlb = neighbour.Ref });
        var folios = new FolioList(300, ByteSize.FromKiB(16));
        task.Tell(new MovePages(folios, mode, MigrateReason.Syscall, CopyFlow.BatchCopy, 256, Scenarios.Retries(eagain: 0.3)), neighbour.Ref);

        var flushed = new HashSet<int>();
        var batches = 0;
        var copied = 0;
        MigrationReport report;
        while (true)
        {
            var message = Next(neighbour);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            if (message is FlushTlbBatch)
            {
                var pass = FolioAssert.InFlight(folios);
                Assert.NotEmpty(pass);
                neighbour.ExpectNoMsg(Hold); // no CopyBatch while the flush is outstanding
                neighbour.Reply(new TlbFlushed(SimTime.FromMicroseconds(2)));
                flushed.UnionWith(pass);
                continue;
            }
            var batch = Assert.IsType<CopyBatch>(message);
            var indices = batch.Indices[..batch.Count];
            Assert.Equal(FolioAssert.InFlight(folios), indices.Order()); // the batch list is in unmap order, retries last
            Assert.All(indices, f => Assert.True(flushed.Contains(f), $"Folio {f} handed to the migrator before its pass was flushed"));
            foreach (var f in indices) batch.Folios.MarkCopied(f);
            batches++;
            copied += batch.Count;
            neighbour.Reply(new BatchCopied(batch.Count, CopyFallback.None, 0));
        }

        EventCollector.AssertNone(Events);
        FolioAssert.Accounted(folios, report);
        Assert.Equal(report.TlbFlushes, batches);
        Assert.Equal(report.Succeeded, copied);
    }

    /// <summary>With real components in every mode and injected faults: at each copy event (a transfer started on the fabric
    /// by the task, the kernel migrator or a copy worker, or a CopyBatch reaching the migrator), every folio unmapped so far
    /// has had its pass flush delivered.</summary>
    [Theory]
    [InlineData(CopyMode.Vanilla, 4096, MigrateMode.Async)]
    [InlineData(CopyMode.Vanilla, 16384, MigrateMode.Sync)]
    [InlineData(CopyMode.Batch, 4096, MigrateMode.Sync)]
    [InlineData(CopyMode.Batch, 65536, MigrateMode.Async)]
    [InlineData(CopyMode.MtCopy, 4096, MigrateMode.Async)]
    [InlineData(CopyMode.MtCopy, 65536, MigrateMode.Sync)]
    [InlineData(CopyMode.Dcbm, 4096, MigrateMode.Sync)]
    [InlineData(CopyMode.Dcbm, 16384, MigrateMode.Async)]
    public void No_copy_starts_before_the_flush_of_its_pass_in_any_mode(CopyMode mode, int folioBytes, MigrateMode migrateMode)
    {
        using var rig = MigrationRig.Create(Scenarios.Of(mode, folioBytes, migrateMode: migrateMode, faults: Scenarios.Retries(mappingMismatch: 0.3)));
        var report = rig.Run();
        FolioAssert.Accounted(rig.Folios, report);

        var flushes = rig.Log.Flushes();
        Assert.Equal(report.TlbFlushes, flushes.Count);
        var unmaps = rig.Folios.UnmappedAtPs.Where(t => t >= 0).Order().ToArray();
        var copies = rig.Log.On(ProtocolLog.Fabric).Concat(rig.Log.On(ProtocolLog.MigratorRequest)).ToArray();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var lastUnmap = unmaps.LastOrDefault(t => t <= copy.AtPs, -1);
            Assert.True(lastUnmap >= 0, $"{copy.Message} from {copy.From} at {copy.AtPs} ps, before any folio was unmapped");
            var flush = flushes.FirstOrDefault(fl => fl.RequestPs >= lastUnmap, (-1, long.MaxValue));
            Assert.True(flush.DeliveredPs <= copy.AtPs,
                $"{copy.Message} from {copy.From} at {copy.AtPs} ps: the folio unmapped at {lastUnmap} ps waits for a flush delivered at {flush.DeliveredPs} ps");
        }
    }
}
