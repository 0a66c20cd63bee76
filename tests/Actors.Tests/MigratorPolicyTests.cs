using System.Collections.Immutable;
using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;
using ActorMigration.Contracts.Units;
using Akka.Actor;

namespace ActorMigration.Actors.Tests;

/// <summary>Who may copy a batch: the core's reason policy (a migrator serves only the migrate_reasons it registered for) and
/// the migrator's own size threshold (dcbm declines a batch smaller than <c>dcbm.min_batch</c>, the CPU copies it).</summary>
public sealed class MigratorPolicyTests() : HandWiredKit(Profiles.WithMinBatch(MinBatch))
{
    private const string MinBatch = "256K";
    private static readonly IReadOnlySet<MigrateReason> DemotionOnly = new HashSet<MigrateReason> { MigrateReason.Demotion };

    [Fact]
    public void The_registry_leases_a_migrator_only_for_the_reasons_it_registered_for()
    {
        var migrator = RegisterProbeMigrator(DemotionOnly);
        foreach (var reason in Enum.GetValues<MigrateReason>())
        {
            Machine.Registry.Tell(new AcquireMigrator(reason));
            Run();
            var lease = ExpectMsg<MigratorLease>();
            Assert.Equal(reason == MigrateReason.Demotion ? migrator.Ref : null, lease.Migrator);
            if (lease.Migrator is { } m) Machine.Registry.Tell(new ReleaseMigrator(m));
        }
    }

    /// <summary>A probe registered for MR_DEMOTION only: a move_pages(2) call (MR_SYSCALL) never reaches it and copies every
    /// folio on the CPU, with no fallback to report (nothing was offered); a demotion gives it every batch.</summary>
    [Theory]
    [InlineData(MigrateReason.Syscall, false)]
    [InlineData(MigrateReason.NumaMisplaced, false)]
    [InlineData(MigrateReason.Demotion, true)]
    public void A_demotion_only_migrator_gets_batches_of_demotions_only(MigrateReason reason, bool served)
    {
        var migrator = RegisterProbeMigrator(DemotionOnly);
        var folios = new FolioRecorder(200, ByteSize.Page.Bytes);
        var task = StartTask(folios, s => s);
        task.Tell(new MovePages(folios.Count, ByteSize.Page, MigrateMode.Async, reason, CopyFlow.BatchCopy, 128, FaultInjection.None));

        Run();
        if (served)
        {
            foreach (var expected in new[] { 128, 72 })
            {
                var batch = migrator.ExpectMsg<CopyBatch>(b => b.Folios.Length == expected);
                migrator.Reply(new BatchCopied(batch.Folios, CopyFallback.None, 0));
                Run();
            }
        }
        var report = ExpectMsg<MovePagesDone>().Report;
        migrator.ExpectNoMsg();

        Events.AssertNone();
        FolioAssert.Accounted(folios, report);
        Assert.Equal(folios.Count, report.Succeeded);
        Assert.All(report.Fallbacks.Values, n => Assert.Equal(0, n));
        if (served) Assert.Equal(0, report.CpuPs["copy"]); // the probe copied everything, at no CPU cost to the task
        else Assert.True(report.CpuPs["copy"] > 0, "The task should have copied every folio itself");
    }

    /// <summary>dcbm itself, asked directly: a batch below the threshold is declined at once (no channel, no CPU time, nothing
    /// copied); a batch at or above it is copied.</summary>
    [Theory]
    [InlineData(63, CopyFallback.Declined)]
    [InlineData(64, CopyFallback.None)]
    [InlineData(100, CopyFallback.None)]
    public void Dcbm_declines_a_batch_below_min_batch(int count, CopyFallback expected)
    {
        Assert.Equal(ByteSize.Parse(MinBatch), Machine.Profile.Dcbm.MinBatch);
        var dcbm = Spawn(Props.Create(() => new DcbmMigrator(Machine.Engines, Machine.Profile.Dcbm)), "dcbm");
        var folios = Enumerable.Range(0, count).ToImmutableArray();
        Run();
        var askedAt = World.Now;
        dcbm.Tell(new CopyBatch(folios, ByteSize.Page, 0, 1, FaultInjection.None, Machine.Route(0, 1)));
        Run();

        var copied = ExpectMsg<BatchCopied>(b => b.Fallback == expected);

        Events.AssertNone();
        if (expected == CopyFallback.Declined)
        {
            Assert.Equal(askedAt, World.Now); // nothing ran after the refusal
            Assert.Equal(BatchCopied.Nothing(CopyFallback.Declined), copied);
        }
        else
        {
            Assert.Equal(folios, copied.Copied); // every folio, each once
            Assert.True(copied.ChannelBusyPs > 0);
        }
    }

    /// <summary>In whole runs, with retries shrinking the later passes' batch lists: every batch copy smaller than the
    /// threshold is declined, every other one is done by the engine.</summary>
    [Theory]
    [InlineData("256K", 4096)]
    [InlineData("1M", 4096)]
    [InlineData("256K", 65536)]
    public void Dcbm_applies_min_batch_to_every_batch_copy_of_a_run(string minBatch, int folioBytes)
    {
        using var rig = MigrationRig.Create(Scenarios.Of(CopyMode.Dcbm, folioBytes, batchPages: 128,
            faults: Scenarios.Retries(eagain: 0.3), platform: Profiles.WithMinBatch(minBatch)));
        var threshold = ByteSize.Parse(minBatch).Bytes;

        var report = rig.Run();

        FolioAssert.Accounted(rig.Folios, report);
        CopyAccounting.AssertEachFolioCopiedOnce(rig, report);
        CopyAccounting.AssertFallbacksReported(rig, report);
        var copies = rig.Log.BatchCopies();
        Assert.NotEmpty(copies);
        foreach (var (request, answer) in copies)
        {
            var bytes = request.Folios!.Length * (long)folioBytes;
            var copied = (BatchCopied)answer.Message;
            if (bytes < threshold) Assert.Equal(BatchCopied.Nothing(CopyFallback.Declined), copied);
            else
            {
                Assert.Equal(CopyFallback.None, copied.Fallback);
                Assert.Equal(request.Folios, copied.Copied.ToArray());
            }
        }
        if (minBatch == "256K" && folioBytes == 4096)
        {
            Assert.Contains(copies, c => ((BatchCopied)c.Answer.Message).Fallback == CopyFallback.Declined);
            Assert.Contains(copies, c => ((BatchCopied)c.Answer.Message).Fallback == CopyFallback.None);
        }
    }
}
