using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Actors.Tlb;
using ActorMigration.Contracts.Units;

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
        var folios = new FolioRecorder(300, folioBytes);
        var task = StartTask(folios, s => s with { Tlb = neighbour.Ref, Fabric = neighbour.Ref });
        task.Tell(new MovePages(folios.Count, new ByteSize(folioBytes), mode, MigrateReason.Syscall, CopyFlow.Vanilla, 128, Scenarios.Retries(eagain: 0.3)), neighbour.Ref);

        var flushAnswers = new List<long>();
        var copyStarts = new List<(int Folio, long AtPs)>();
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
                var flusher = HoldRequest(neighbour); // the flush is outstanding: no StartTransfer may reach the fabric
                flushAnswers.Add(World.Now.Picoseconds);
                neighbour.Send(flusher, new TlbFlushed(SimTime.FromMicroseconds(2)));
                continue;
            }
            var start = Assert.IsType<StartTransfer>(message);
            copyStarts.Add(((int)start.Token, World.Now.Picoseconds));
            neighbour.Reply(new TransferDone(start.Token));
        }

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.Equal(report.TlbFlushes, flushAnswers.Count);
        Assert.Equal(report.Succeeded, copyStarts.Count);
        var flushed = new HashSet<int>();
        foreach (var answeredPs in flushAnswers)
        {
            var pass = folios.InFlightAt(answeredPs);
            Assert.NotEmpty(pass);
            Assert.DoesNotContain(pass, flushed.Contains);
            flushed.UnionWith(pass);
        }
        foreach (var (f, atPs) in copyStarts)
        {
            var flush = flushAnswers.FirstOrDefault(t => t >= folios.UnmappedAtPs(f), -1);
            Assert.True(flush >= 0 && flush <= atPs, $"Folio {f} copied at {atPs} ps before its pass was flushed ({flush} ps)");
        }
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
        Run();
        neighbour.ExpectMsg<MigratorRegistered>(r => r.Result == Errno.Success);
        var folios = new FolioRecorder(300, 16384);
        var task = StartTask(folios, s => s with { Tlb = neighbour.Ref });
        task.Tell(new MovePages(folios.Count, ByteSize.FromKiB(16), mode, MigrateReason.Syscall, CopyFlow.BatchCopy, 256, Scenarios.Retries(eagain: 0.3)), neighbour.Ref);

        var flushAnswers = new List<long>();
        var asked = new List<(int[] Folios, long AtPs)>();
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
                var flusher = HoldRequest(neighbour); // no CopyBatch while the flush is outstanding
                flushAnswers.Add(World.Now.Picoseconds);
                neighbour.Send(flusher, new TlbFlushed(SimTime.FromMicroseconds(2)));
                continue;
            }
            var batch = Assert.IsType<CopyBatch>(message);
            asked.Add((batch.Folios.ToArray(), World.Now.Picoseconds));
            neighbour.Reply(new BatchCopied(batch.Folios, CopyFallback.None, 0));
        }

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.Equal(report.TlbFlushes, asked.Count);
        Assert.Equal(report.Succeeded, asked.Sum(a => a.Folios.Length));
        var flushed = new HashSet<int>();
        for (var i = 0; i < asked.Count; i++)
        {
            var pass = folios.InFlightAt(flushAnswers[i]);
            Assert.NotEmpty(pass);
            flushed.UnionWith(pass);
            var (indices, atPs) = asked[i];
            Assert.True(flushAnswers[i] <= atPs, $"Batch copy asked at {atPs} ps before its flush was answered at {flushAnswers[i]} ps");
            Assert.Equal(folios.InFlightAt(atPs), indices.Order()); // the batch list is in unmap order, retries last
            Assert.All(indices, f => Assert.True(flushed.Contains(f), $"Folio {f} handed to the migrator before its pass was flushed"));
        }
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
        var unmaps = Enumerable.Range(0, rig.Folios.Count).Select(rig.Folios.UnmappedAtPs).Where(t => t >= 0).Order().ToArray();
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
