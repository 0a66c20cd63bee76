using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Actors.Tests.Support;

namespace ActorMigration.Actors.Tests;

/// <summary>Same scenario and seed, same trace hash: the fault sites draw from the seeded random source only, so a run with
/// faults is reproducible; another seed draws other faults and gives another trace.</summary>
public sealed class DeterminismTests
{
    /// <summary>Every mode, with unmap-phase faults, dcbm mapping mismatches and channel errors switched on.</summary>
    private static MigrationScenario Faulty(CopyMode mode, MigrateMode migrateMode, ulong seed) =>
        Scenarios.Of(mode, 16384, folios: 300, batchPages: 256, migrateMode: migrateMode,
            faults: Scenarios.Retries(eagain: 0.2, ebusy: 0.05, mappingMismatch: 0.2) with { Enomem = 0.001 },
            platform: Profiles.WithChannelErrors(0.05), workers: 8, seed: seed);

    [Theory]
    [InlineData(CopyMode.Vanilla, MigrateMode.Async)]
    [InlineData(CopyMode.Vanilla, MigrateMode.Sync)]
    [InlineData(CopyMode.Batch, MigrateMode.Async)]
    [InlineData(CopyMode.Batch, MigrateMode.Sync)]
    [InlineData(CopyMode.MtCopy, MigrateMode.Async)]
    [InlineData(CopyMode.MtCopy, MigrateMode.Sync)]
    [InlineData(CopyMode.Dcbm, MigrateMode.Async)]
    [InlineData(CopyMode.Dcbm, MigrateMode.Sync)]
    public void The_same_scenario_and_seed_give_the_same_trace_and_another_seed_another(CopyMode mode, MigrateMode migrateMode)
    {
        var first = MigrationSimulation.Run(Faulty(mode, migrateMode, seed: 7));
        var again = MigrationSimulation.Run(Faulty(mode, migrateMode, seed: 7));
        var other = MigrationSimulation.Run(Faulty(mode, migrateMode, seed: 8));

        Assert.True(first.Report.Passes > first.Report.Batches, "The faults should have forced retries");
        Assert.Equal(first.TraceHash, again.TraceHash);
        Assert.Equal(first.Events, again.Events);
        Assert.Equal(first.SimTimePs, again.SimTimePs);
        Assert.Equal(Summary(first.Report), Summary(again.Report));
        Assert.NotEqual(first.TraceHash, other.TraceHash);
    }

    /// <summary>Without faults nothing is drawn: the seed does not change the run at all.</summary>
    [Theory]
    [InlineData(CopyMode.Vanilla)]
    [InlineData(CopyMode.Dcbm)]
    public void Without_faults_the_seed_changes_nothing(CopyMode mode)
    {
        var one = MigrationSimulation.Run(Scenarios.Of(mode, 16384, seed: 1));
        var two = MigrationSimulation.Run(Scenarios.Of(mode, 16384, seed: 2));

        Assert.Equal(one.TraceHash, two.TraceHash);
        Assert.Equal(Summary(one.Report), Summary(two.Report));
    }

    private static string Summary(MigrationReport r) => string.Join(";",
        r.Succeeded, r.BytesMoved, r.DurationPs, r.CopyPs, r.Batches, r.Passes, r.TlbFlushes,
        string.Join(",", r.Failed.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")),
        string.Join(",", r.Fallbacks.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")),
        string.Join(",", r.CpuPs.OrderBy(kv => kv.Key).Select(kv => $"{kv.Key}={kv.Value}")),
        string.Join(",", r.FirstFolioLatencyPs), string.Join(",", r.InaccessiblePs));
}
