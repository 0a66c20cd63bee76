using ActorMigration.Actors.Dma;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;

namespace ActorMigration.Actors.Tests;

/// <summary>Every migrated folio is copied exactly once, whichever way the batch copy goes: done by the migrator, declined as
/// too small, refused for a busy channel, given up on a mapping mismatch, cut short by a channel error, or never offered (no
/// migrator, or one that does not serve the reason); every folio that did not migrate is accounted for by an errno.</summary>
public sealed class CopyOnceTests
{
    /// <summary>Each case with both migrate modes.</summary>
    public static TheoryData<string, MigrateMode> Cases()
    {
        var data = new TheoryData<string, MigrateMode>();
        foreach (var name in new[]
                 {
                     "batch", "mtcopy", "mtcopy-chunked", "dcbm", "dcbm-declined", "dcbm-channel-busy", "dcbm-mapping-mismatch",
                     "dcbm-channel-error", "no-migrator", "reason-not-allowed", "enomem", "target-node-full",
                 })
        foreach (var mode in new[] { MigrateMode.Sync, MigrateMode.Async })
            data.Add(name, mode);
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_folio_is_copied_exactly_once_whatever_the_fallback(string name, MigrateMode migrateMode)
    {
        var faults = Scenarios.Retries();
        var scenario = name switch
        {
            "batch" => Scenarios.Of(CopyMode.Batch, 4096, faults: faults),
            "mtcopy" => Scenarios.Of(CopyMode.MtCopy, 16384, faults: faults),
            "mtcopy-chunked" => Scenarios.Of(CopyMode.MtCopy, 262144, folios: 64, faults: faults, workers: 16), // 2 folios per batch, 16 workers
            "dcbm" => Scenarios.Of(CopyMode.Dcbm, 4096, faults: faults),
            "dcbm-declined" => Scenarios.Of(CopyMode.Dcbm, 4096, faults: faults, platform: Profiles.WithMinBatch("1M")), // batches of 512K
            "dcbm-channel-busy" => Scenarios.Of(CopyMode.Dcbm, 4096, faults: faults),
            "dcbm-mapping-mismatch" => Scenarios.Of(CopyMode.Dcbm, 16384, faults: faults with { MappingMismatch = 1 }),
            "dcbm-channel-error" => Scenarios.Of(CopyMode.Dcbm, 16384, batchPages: 512, faults: faults, platform: Profiles.WithChannelErrors(0.05), workers: 16),
            "no-migrator" => Scenarios.Of(CopyMode.Batch, 4096, faults: faults),
            "reason-not-allowed" => Scenarios.Of(CopyMode.Batch, 4096, faults: faults) with { MigratorReasons = new HashSet<MigrateReason> { MigrateReason.Demotion } },
            "enomem" => Scenarios.Of(CopyMode.Dcbm, 4096, faults: faults with { Enomem = 0.004 }),
            "target-node-full" => Scenarios.Of(CopyMode.MtCopy, 4096, faults: faults, platform: Profiles.WithTargetCapacity("1M")), // room for 256 of 300
            _ => throw new ArgumentOutOfRangeException(nameof(name), name, "Unknown case"),
        } with { MigrateMode = migrateMode };
        using var rig = MigrationRig.Create(scenario, registerMigrator: name != "no-migrator");
        if (name == "dcbm-channel-busy")
        {
            // Another migration holds the engine's first channel for the whole run.
            Assert.True(rig.Ask<ChannelAcquired>(rig.Machine.Engines[0].Channels[0], new TryAcquireChannel()).Acquired, "The channel should have been free");
        }

        var report = rig.Run();

        FolioAssert.Accounted(rig.Folios, report);
        CopyAccounting.AssertEachFolioCopiedOnce(rig, report);
        CopyAccounting.AssertFallbacksReported(rig, report);
        var copies = rig.Log.BatchCopies();
        var answers = copies.Select(c => (BatchCopied)c.Answer.Message).ToArray();
        switch (name)
        {
            case "no-migrator" or "reason-not-allowed":
                Assert.Empty(copies);
                Assert.Equal(report.Succeeded, rig.CopiedByTask.Count);
                break;
            case "dcbm-channel-error":
                Assert.Contains(answers, a => a.Fallback == CopyFallback.ChannelError);
                Assert.All(answers, a => Assert.True(a.Fallback is CopyFallback.None or CopyFallback.ChannelError, $"Unexpected fallback {a.Fallback}"));
                break;
            case "enomem" or "target-node-full":
                Assert.True(report.Failed["ENOMEM"] > 0, "The scenario should run out of destination folios");
                Assert.All(answers, a => Assert.Equal(CopyFallback.None, a.Fallback));
                break;
            default:
                var expected = name switch
                {
                    "dcbm-declined" => CopyFallback.Declined,
                    "dcbm-channel-busy" => CopyFallback.ChannelBusy,
                    "dcbm-mapping-mismatch" => CopyFallback.MappingMismatch,
                    _ => CopyFallback.None,
                };
                Assert.NotEmpty(answers);
                Assert.All(answers, a => Assert.Equal(expected, a.Fallback));
                if (expected != CopyFallback.None) Assert.All(answers, a => Assert.Empty(a.Copied));
                else Assert.Empty(rig.CopiedByTask);
                break;
        }
    }
}
