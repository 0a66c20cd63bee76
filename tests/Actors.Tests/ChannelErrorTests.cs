using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;

namespace ActorMigration.Actors.Tests;

/// <summary>A DMA channel that fails mid-batch leaves the folios it did not copy to the task's CPU copy: none is lost, none is
/// copied twice. The faulty engine is the shipped profile with <c>channel_error_probability</c> added to its YAML.</summary>
public sealed class ChannelErrorTests
{
    [Fact]
    public void The_profile_variant_differs_from_the_shipped_one_only_in_the_error_probability()
    {
        var variant = Profiles.WithChannelErrors(0.05);
        Assert.Equal(0.05, variant.Engines[0].ChannelErrorProbability);
        Assert.Equal(Profiles.Zen3.Engines[0] with { ChannelErrorProbability = 0.05 }, variant.Engines[0]);
        Assert.Equal(Profiles.Zen3.Dcbm, variant.Dcbm);
        Assert.Equal(Profiles.Zen3.Kernel, variant.Kernel);
    }

    /// <summary>Folio sizes where one descriptor covers a whole channel's range (4K: order-0 folios merge into 2M segments) or
    /// one folio (16K, 64K); PTDMA channels (one descriptor in flight) and DSA-like ones (four, fetches overlapping transfers).</summary>
    [Theory]
    [InlineData(4096, 1, 2ul)]
    [InlineData(16384, 1, 1ul)]
    [InlineData(16384, 1, 2ul)]
    [InlineData(65536, 1, 3ul)]
    [InlineData(16384, 4, 1ul)]
    [InlineData(16384, 4, 2ul)]
    [InlineData(65536, 4, 3ul)]
    public void A_channel_error_mid_batch_falls_back_without_losing_or_double_copying_a_folio(int folioBytes, int inFlightPerChannel, ulong seed)
    {
        var scenario = Scenarios.Of(CopyMode.Dcbm, folioBytes, folios: 400, batchPages: 512, migrateMode: MigrateMode.Async,
            faults: Scenarios.Retries(eagain: 0.1), platform: Profiles.WithChannelErrors(0.1, inFlightPerChannel), workers: 16, seed: seed);
        using var rig = MigrationRig.Create(scenario);

        var report = rig.Run();

        FolioAssert.Accounted(rig.Folios, report);
        CopyAccounting.AssertEachFolioCopiedOnce(rig, report);
        CopyAccounting.AssertFallbacksReported(rig, report);
        var copies = rig.Log.BatchCopies();
        var errors = copies.Where(c => ((BatchCopied)c.Answer.Message).Fallback == CopyFallback.ChannelError).ToArray();
        Assert.NotEmpty(errors);
        // The folios of an errored batch that the engine did copy are not copied again by the task; the others are.
        var byTask = rig.CopiedByTask.ToHashSet();
        foreach (var (request, answer) in errors)
        {
            var copied = ((BatchCopied)answer.Message).Copied.Length;
            Assert.True(copied < request.Folios!.Length, "A batch that hit a channel error cannot have been copied whole");
            Assert.Equal(request.Folios.Length - copied, request.Folios.Count(byTask.Contains));
        }
        if (folioBytes > 4096) Assert.Contains(errors, e => !((BatchCopied)e.Answer.Message).Copied.IsEmpty);
    }
}
