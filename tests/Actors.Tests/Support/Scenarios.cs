using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Actors.Tests.Support;

/// <summary>Small scenarios (a few hundred folios, several batches) so that the suite runs in seconds.</summary>
public static class Scenarios
{
    /// <summary>move_pages(2)-like call of <paramref name="folios"/> folios of <paramref name="folioBytes"/> from node 0 to node 1.</summary>
    public static MigrationScenario Of(
        CopyMode mode, long folioBytes, int folios = 300, int batchPages = 128, MigrateMode migrateMode = MigrateMode.Sync,
        FaultInjection? faults = null, PlatformProfile? platform = null, int workers = 4, ulong seed = 1) => new()
        {
            Platform = platform ?? Profiles.Zen3,
            Mode = mode,
            Workers = mode is CopyMode.MtCopy or CopyMode.Dcbm ? workers : 0, // vanilla and batch have no workers
            FolioSize = new ByteSize(folioBytes),
            Folios = folios,
            BatchPages = batchPages,
            MigrateMode = migrateMode,
            Faults = faults ?? FaultInjection.None,
            Seed = seed,
        };

    /// <summary>Unmap-phase faults that exercise retries (and, in async mode, permanent -EBUSY failures).</summary>
    public static FaultInjection Retries(double eagain = 0.2, double ebusy = 0.05, double mappingMismatch = 0) =>
        new(Eagain: eagain, Ebusy: ebusy, MappingMismatch: mappingMismatch);
}
