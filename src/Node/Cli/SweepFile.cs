using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Config;

namespace ActorMigration.Node.Cli;

/// <summary>A sweep scenario file: shared settings and groups of runs, each a grid of workers × folio sizes.</summary>
/// <remarks>Shape: <c>name</c>, <c>platform</c>, <c>total</c> (or <c>folios</c>), optional <c>reason</c>, <c>seed</c>, <c>engine</c>, <c>placement</c>,
/// then <c>runs</c>: a list of <c>{mode, workers: [..], batch_pages, folio_sizes: [..]}</c>. Runs are made in file order.</remarks>
public sealed record SweepFile(string Name, IReadOnlyList<MigrationScenario> Scenarios)
{
    /// <summary>Reads and checks <paramref name="path"/>; every error names the file and key.</summary>
    public static SweepFile Load(string path)
    {
        var root = ConfigNode.Load(path);
        var name = root.Required("name").AsString();
        var platformNode = root.Required("platform");
        var platform = platformNode.AsString();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";
        // A relative profile path is relative to the scenario file; a bare name is a shipped profile.
        if (platform.EndsWith(".yaml", StringComparison.Ordinal) && !Path.IsPathRooted(platform)) platform = Path.Combine(baseDir, platform);
        var total = root.Optional("total")?.AsString();
        var folios = root.Optional("folios")?.AsInt(1);
        var reason = root.Optional("reason")?.AsString() ?? "syscall";
        var seed = (ulong)(root.Optional("seed")?.AsLong(0) ?? 1);
        var engine = root.Optional("engine")?.AsString();
        var placement = root.Optional("placement")?.AsChoice("packed", "spread") ?? "packed";
        var scenarios = new List<MigrationScenario>();
        foreach (var group in root.Required("runs").Items)
        {
            var mode = group.Required("mode").AsString();
            var batchPages = group.Optional("batch_pages")?.AsInt(1) ?? 512;
            var workers = group.Required("workers").Items.Select(w => w.AsInt(0, 1024)).ToArray();
            var sizes = group.Required("folio_sizes").Items.Select(s => s.AsString()).ToArray();
            group.RejectUnknownKeys();
            foreach (var w in workers)
                foreach (var size in sizes)
                {
                    var input = new ScenarioBuilder.Input(platform, mode, w, engine, size, total, folios, batchPages, reason, seed, FaultInjection.None, placement);
                    scenarios.Add(ScenarioBuilder.Build(input, (key, problem) => new ConfigException(path, $"{group.Path}.{key.Replace('-', '_')}", problem)));
                }
        }
        root.RejectUnknownKeys();
        if (scenarios.Count == 0) throw new ConfigException(path, "runs", "expected at least one run");
        return new SweepFile(name, scenarios);
    }
}
