using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;

namespace ActorMigration.Node.Cli;

/// <summary>Turns the words of a run (from options or a scenario file) into a <see cref="MigrationScenario"/>, checked by its own <see cref="MigrationScenario.Validate"/>.</summary>
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
        EngineKind? engine = null;
        if (input.Engine is not null)
        {
            if (!ScenarioNames.TryParse(ScenarioNames.Engines, input.Engine, out var kind, out var kinds))
                throw error("engine", $"expected one of {kinds}, got '{input.Engine}'");
            engine = kind;
        }
        if (!ByteSize.TryParse(input.FolioSize, out var folioSize) || folioSize.Bytes < 4096 || !long.IsPow2(folioSize.Bytes) || folioSize.Bytes > 2 << 20)
            throw error("folio-size", $"expected a power of two from 4K to 2M (4K|8K|16K|32K|64K|128K|256K|512K|1M|2M), got '{input.FolioSize}'");
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
        if (!ScenarioNames.TryParse(ScenarioNames.Reasons, input.Reason, out var reason, out var reasons))
            throw error("reason", $"expected one of {reasons}, got '{input.Reason}'");
        if (input.Placement is not ("packed" or "spread")) throw error("placement", $"expected packed or spread, got '{input.Placement}'");
        var scenario = new MigrationScenario
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
        return scenario.Validate() is { } problem ? throw error(problem.Key, problem.Message) : scenario;
    }
}
