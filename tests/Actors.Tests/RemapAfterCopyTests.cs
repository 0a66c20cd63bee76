using System.Collections.Immutable;
using ActorMigration.Actors.Fabric;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using Akka.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>No folio is remapped (remove_migration_ptes()) before its data is copied: in the vanilla flow, before its own copy;
/// in the batch flow, before the whole batch copy has returned (the copy is a barrier).</summary>
public sealed class RemapAfterCopyTests : HandWiredKit
{
    /// <summary>A probe plays the fabric and holds each CPU copy: the folio stays unmapped while it is held, is remapped only
    /// after the copy (plus the move work), and the previous folio was remapped before this copy began (copy and remap interleave).</summary>
    [Theory]
    [InlineData(MigrateMode.Sync, 4096)]
    [InlineData(MigrateMode.Async, 16384)]
    public void Vanilla_folio_is_remapped_only_after_its_own_copy(MigrateMode mode, int folioBytes)
    {
        var fabric = CreateTestProbe("fabric-probe");
        var folios = new FolioRecorder(200, folioBytes);
        var task = StartTask(folios, s => s with { Fabric = fabric.Ref });
        task.Tell(new MovePages(folios.Count, new ByteSize(folioBytes), mode, MigrateReason.Syscall, CopyFlow.Vanilla, 128, Scenarios.Retries()), fabric.Ref);

        var copyStartPs = new long[folios.Count];
        var copiedAtPs = new long[folios.Count];
        Array.Fill(copiedAtPs, -1);
        var order = new List<int>();
        MigrationReport report;
        while (true)
        {
            var message = Next(fabric);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            var start = Assert.IsType<StartTransfer>(message);
            var f = (int)start.Token;
            Assert.Equal(-1, copiedAtPs[f]);
            copyStartPs[f] = World.Now.Picoseconds;
            var copier = HoldRequest(fabric); // the copy is held: the task must wait for it, and the folio stays unmapped
            copiedAtPs[f] = World.Now.Picoseconds;
            fabric.Send(copier, new TransferDone(start.Token));
            order.Add(f);
        }

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        var move = Costs(folios.FolioBytes).Move.Picoseconds;
        for (var i = 0; i < order.Count; i++)
        {
            var f = order[i];
            Assert.InRange(folios.UnmappedAtPs(f), 0, copyStartPs[f]);
            Assert.True(folios.RemappedAtPs(f) >= copiedAtPs[f] + move, $"Folio {f} remapped at {folios.RemappedAtPs(f)} ps, copied at {copiedAtPs[f]} ps");
            // Copy and remap interleave: the previous folio was remapped before this copy began.
            if (i > 0) Assert.InRange(folios.RemappedAtPs(order[i - 1]), copiedAtPs[order[i - 1]], copyStartPs[f]);
        }
        Assert.Equal(report.Succeeded, order.Count);
    }

    /// <summary>A probe plays the migrator and holds BatchCopied back: no folio of the batch is remapped while it holds it, all
    /// are remapped after. The probe copies every folio, every other one (a channel error: the task copies the rest on the
    /// CPU, after the barrier), or none (not supported).</summary>
    [Theory]
    [InlineData(1, CopyFallback.None)]
    [InlineData(2, CopyFallback.ChannelError)]
    [InlineData(0, CopyFallback.NotSupported)]
    public void Batch_flow_remaps_nothing_before_the_whole_batch_copy_returned(int copyEvery, CopyFallback fallback)
    {
        var migrator = RegisterProbeMigrator();
        var folios = new FolioRecorder(300, 4096);
        var task = StartTask(folios, s => s);
        task.Tell(new MovePages(folios.Count, ByteSize.FromKiB(4), MigrateMode.Sync, MigrateReason.Syscall, CopyFlow.BatchCopy, 128, Scenarios.Retries()), migrator.Ref);

        var asked = new List<(int[] Folios, long AtPs)>();
        var released = new List<(int[] Folios, long AtPs)>();
        var copiedByMigrator = 0;
        var fallbacks = 0;
        MigrationReport report;
        while (true)
        {
            var message = Next(migrator);
            if (message is MovePagesDone done)
            {
                report = done.Report;
                break;
            }
            var batch = Assert.IsType<CopyBatch>(message);
            var indices = batch.Folios.ToArray();
            asked.Add((indices, World.Now.Picoseconds));
            var requester = HoldRequest(migrator); // BatchCopied held back
            var copied = indices.Where((_, i) => copyEvery > 0 && i % copyEvery == 0).ToImmutableArray();
            copiedByMigrator += copied.Length;
            released.Add((indices, World.Now.Picoseconds));
            if (copied.Length < indices.Length) fallbacks++;
            migrator.Send(requester, new BatchCopied(copied, copied.Length == indices.Length ? CopyFallback.None : fallback, 0));
        }

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.NotEmpty(released);
        var move = Costs(folios.FolioBytes).Move.Picoseconds;
        foreach (var (batch, atPs) in asked)
            Assert.Equal(folios.InFlightAt(atPs), batch.Order()); // the batch list: every folio in flight, in unmap order, retries last
        foreach (var (batch, atPs) in released)
            Assert.All(batch, f => Assert.True(folios.RemappedAtPs(f) >= atPs + move, $"Folio {f} remapped at {folios.RemappedAtPs(f)} ps, batch released at {atPs} ps"));
        Assert.Equal(report.Succeeded, released.Sum(r => r.Folios.Length));
        if (fallback == CopyFallback.None) Assert.Equal(report.Succeeded, copiedByMigrator);
        else Assert.Equal(fallbacks, report.Fallbacks[ReportNames.Of(fallback)]);
    }

    /// <summary>The same barrier with the real migrators: every folio handed to a batch copy is remapped only after the
    /// migrator's answer was delivered.</summary>
    [Theory]
    [InlineData(CopyMode.Batch, 4096)]
    [InlineData(CopyMode.MtCopy, 4096)]
    [InlineData(CopyMode.MtCopy, 262144)]
    [InlineData(CopyMode.Dcbm, 4096)]
    [InlineData(CopyMode.Dcbm, 65536)]
    public void Real_migrators_hold_the_barrier(CopyMode mode, int folioBytes)
    {
        using var rig = MigrationRig.Create(Scenarios.Of(mode, folioBytes, batchPages: 512, faults: Scenarios.Retries(mappingMismatch: 0.2)) with
        {
            Platform = Profiles.WithChannelErrors(0.05),
        });
        var report = rig.Run();
        FolioAssert.Accounted(rig.Folios, report);
        var copies = rig.Log.BatchCopies();
        Assert.NotEmpty(copies);
        foreach (var (request, answer) in copies)
            Assert.All(request.Folios!, f => Assert.True(rig.Folios.RemappedAtPs(f) >= answer.AtPs,
                $"Folio {f} remapped at {rig.Folios.RemappedAtPs(f)} ps, its batch copy returned at {answer.AtPs} ps"));
    }
}
