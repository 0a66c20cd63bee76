using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Node.Cli;

/// <summary>Turns the words of a run (from options or a scenario file) into a checked <see cref="MigrationScenario"/>.</summary>
public static class ScenarioBuilder
{
    /// <summary>A run as the user wrote it.</summary>
    public sealed record Input(
        string Platform, string Mode, int Workers, string? Engine, string FolioSize, string? Total, int? Folios,
        int BatchPages, string Reason, ulong Seed, FaultInjection Faults, string Placement = "packed");

    /// <summary>Builds the scenario; <paramref name="error"/> makes the exception for a bad key (an option, or a key of a file).</summary>
    public static MigrationScenario Build(Input input, Func<string, string, Exception> error) =>
        Build(input, PlatformProfileReader.Load(input.Platform), error);

    /// <summary>Builds the scenario on an already loaded <paramref name="profile"/> (<see cref="Input.Platform"/> is not read).</summary>
    public static MigrationScenario Build(Input input, PlatformProfile profile, Func<string, string, Exception> error)
    {
        if (!ScenarioNames.TryParse(ScenarioNames.Modes, input.Mode, out var mode, out var modes))
            throw error("mode", $"expected one of {modes}, got '{input.Mode}'");
        // Vanilla and batch have no workers: 0 there, as in the measurement files' key column.
        var minWorkers = mode is CopyMode.MtCopy or CopyMode.Dcbm ? 1 : 0;
        if (input.Workers < minWorkers || input.Workers > 1024) throw error("workers", $"expected {minWorkers} to 1024 for {input.Mode}, got {input.Workers}");
        EngineKind? engine = null;
        if (input.Engine is not null)
        {
            if (!ScenarioNames.TryParse(ScenarioNames.Engines, input.Engine, out var kind, out var kinds))
                throw error("engine", $"expected one of {kinds}, got '{input.Engine}'");
            engine = kind;
        }
        if (!ByteSize.TryParse(input.FolioSize, out var folioSize) || folioSize.Bytes < 4096 || !long.IsPow2(folioSize.Bytes) || folioSize.Bytes > 2 << 20)
            throw error("folio-size", $"expected a power of two from 4K to 2M (4K|16K|64K|128K|256K|512K|1M|2M), got '{input.FolioSize}'");
        int folios;
        if (input.Total is not null && input.Folios is not null) throw error("total", "give either a total size or a folio count, not both");
        if (input.Folios is { } n)
        {
            if (n < 1) throw error("folios", $"expected at least 1, got {n}");
            folios = n;
        }
        else if (input.Total is not null)
        {
            if (!ByteSize.TryParse(input.Total, out var total) || total.Bytes < folioSize.Bytes || total.Bytes % folioSize.Bytes != 0)
                throw error("total", $"expected a size that is a whole number of {folioSize} folios, such as 1G, got '{input.Total}'");
            if (total.Bytes / folioSize.Bytes > int.MaxValue) throw error("total", $"at most {int.MaxValue} folios per run");
            folios = (int)(total.Bytes / folioSize.Bytes);
        }
        else throw error("total", "a run needs a total size (e.g. 1G) or a folio count");
        if (input.BatchPages < 1) throw error("batch-pages", $"expected at least 1, got {input.BatchPages}");
        if (!ScenarioNames.TryParse(ScenarioNames.Reasons, input.Reason, out var reason, out var reasons))
            throw error("reason", $"expected one of {reasons}, got '{input.Reason}'");
        foreach (var (name, p) in new[] { ("eagain", input.Faults.Eagain), ("ebusy", input.Faults.Ebusy), ("enomem", input.Faults.Enomem), ("mapping-mismatch", input.Faults.MappingMismatch) })
            if (!(p >= 0 && p <= 1)) throw error(name, $"expected a probability from 0 to 1, got {p}");
        foreach (var node in new[] { 0, 1 })
            if (profile.Nodes.All(n => n.Id != node))
                throw error("platform", $"platform {profile.Name} has no memory node {node}: a run migrates from node 0 to node 1 (nodes: {string.Join(", ", profile.Nodes.Select(n => n.Id))})");
        if (input.Placement is not ("packed" or "spread")) throw error("placement", $"expected packed or spread, got '{input.Placement}'");
        if (mode == CopyMode.Dcbm && !profile.Engines.Any(e => engine is null || e.Kind == engine))
            throw error("engine", $"platform {profile.Name} has no {(engine is null ? "DMA" : ScenarioNames.NameOf(ScenarioNames.Engines, engine.Value))} engine");
        return new MigrationScenario
        {
            Platform = profile,
            Mode = mode,
            Workers = input.Workers,
            Engine = engine,
            FolioSize = folioSize,
            Folios = folios,
            BatchPages = input.BatchPages,
            Reason = reason,
            MigrateMode = ScenarioNames.DefaultMode(reason),
            Faults = input.Faults,
            Seed = input.Seed,
            Placement = input.Placement == "spread" ? WorkerPlacement.Spread : WorkerPlacement.Packed,
        };
    }
}
