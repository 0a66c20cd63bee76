using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;

namespace ActorMigration.Node.Cli;

/// <summary>The words the CLI and scenario files use for modes, engines and reasons, and the kernel things they name.</summary>
public static class ScenarioNames
{
    /// <summary>Copy modes by name.</summary>
    public static readonly IReadOnlyDictionary<string, CopyMode> Modes = new Dictionary<string, CopyMode>(StringComparer.Ordinal)
    {
        ["vanilla"] = CopyMode.Vanilla,
        ["batch"] = CopyMode.Batch,
        ["mtcopy"] = CopyMode.MtCopy,
        ["dcbm"] = CopyMode.Dcbm,
    };

    /// <summary>Engine kinds by name.</summary>
    public static readonly IReadOnlyDictionary<string, EngineKind> Engines = new Dictionary<string, EngineKind>(StringComparer.Ordinal)
    {
        ["ptdma"] = EngineKind.Ptdma,
        ["dsa"] = EngineKind.Dsa,
        ["sdxi"] = EngineKind.Sdxi,
    };

    /// <summary>Migration reasons by name (enum migrate_reason).</summary>
    public static readonly IReadOnlyDictionary<string, MigrateReason> Reasons = new Dictionary<string, MigrateReason>(StringComparer.Ordinal)
    {
        ["syscall"] = MigrateReason.Syscall,
        ["compaction"] = MigrateReason.Compaction,
        ["numa"] = MigrateReason.NumaMisplaced,
        ["demotion"] = MigrateReason.Demotion,
        ["damon"] = MigrateReason.Damon,
        ["mbind"] = MigrateReason.MempolicyMbind,
        ["hotplug"] = MigrateReason.MemoryHotplug,
        ["memory-failure"] = MigrateReason.MemoryFailure,
        ["contig-range"] = MigrateReason.ContigRange,
        ["longterm-pin"] = MigrateReason.LongtermPin,
    };

    /// <summary>The migrate_mode a caller with this reason uses: move_pages, mbind and hotplug wait (sync); the daemons do not.</summary>
    public static MigrateMode DefaultMode(MigrateReason reason) => reason switch
    {
        MigrateReason.Compaction or MigrateReason.NumaMisplaced or MigrateReason.Demotion or MigrateReason.Damon => MigrateMode.Async,
        _ => MigrateMode.Sync,
    };

    /// <summary>The value of <paramref name="name"/> in <paramref name="table"/>, or null with the expected names in <paramref name="expected"/>.</summary>
    public static bool TryParse<T>(IReadOnlyDictionary<string, T> table, string name, out T value, out string expected)
    {
        expected = string.Join("|", table.Keys);
        return table.TryGetValue(name, out value!);
    }

    /// <summary>The name of <paramref name="value"/> in <paramref name="table"/>.</summary>
    public static string NameOf<T>(IReadOnlyDictionary<string, T> table, T value) where T : notnull =>
        table.First(kv => kv.Value.Equals(value)).Key;
}
