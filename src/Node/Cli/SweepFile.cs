using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Config;
using ActorMigration.Contracts.Platform;

namespace ActorMigration.Node.Cli;

/// <summary>A sweep scenario file: shared settings and groups of runs, each a grid of workers × folio sizes.</summary>
/// <remarks>Shape: <c>name</c>, <c>platform</c>, <c>total</c> (or <c>folios</c>), optional <c>reason</c>, <c>seed</c>, <c>engine</c>, <c>placement</c>,
/// then <c>runs</c>: a list of <c>{mode, workers: [..], batch_pages, folio_sizes: [..]}</c>. Runs are made in file order.</remarks>
public sealed record SweepFile(string Name, IReadOnlyList<MigrationScenario> Scenarios)
{
    private static readonly ShippedFiles Shipped = new(typeof(SweepFile).Assembly, "scenarios");

    /// <summary>The names of the shipped scenarios.</summary>
    public static IReadOnlyList<string> ShippedNames => Shipped.Names;

    /// <summary>Reads and checks <paramref name="nameOrPath"/>: a file, else a shipped scenario; every error names the file and key.</summary>
    public static SweepFile Load(string nameOrPath)
    {
        var root = Shipped.Load(nameOrPath, "scenario");
        if (root.Has("system") && !root.Has("runs")) throw root.Required("system").Problem("this is a system scenario: run it with actormigration simulate");
        var name = root.Required("name").AsString();
        var platformNode = root.Required("platform");
        var platform = platformNode.AsString();
        var baseDir = Path.GetDirectoryName(Path.GetFullPath(root.File)) ?? ".";
        // A relative profile path is relative to the scenario file; a bare name is a shipped profile.
        if (platform.EndsWith(".yaml", StringComparison.Ordinal) && !Path.IsPathRooted(platform)) platform = Path.Combine(baseDir, platform);
        var profile = PlatformProfileReader.Load(platform);
        var totalNode = root.Optional("total");
        var foliosNode = root.Optional("folios");
        var reasonNode = root.Optional("reason");
        var engineNode = root.Optional("engine");
        var seed = (ulong)(root.Optional("seed")?.AsLong(0) ?? 1);
        var placement = root.Optional("placement")?.AsChoice("packed", "spread") ?? "packed";
        var scenarios = new List<MigrationScenario>();
        foreach (var group in root.Required("runs").Items)
        {
            var modeNode = group.Required("mode");
            var batchNode = group.Optional("batch_pages");
            var workers = group.Required("workers").Items;
            var sizes = group.Required("folio_sizes").Items;
            group.RejectUnknownKeys();
            foreach (var w in workers)
                foreach (var size in sizes)
                {
                    var input = new ScenarioBuilder.Input(platform, modeNode.AsString(), w.AsInt(0, 1024), engineNode?.AsString(), size.AsString(),
                        totalNode?.AsString(), foliosNode?.AsInt(1), batchNode?.AsInt(1) ?? 512, reasonNode?.AsString() ?? "syscall", seed,
                        FaultInjection.None, placement);
                    // Each problem is reported at the key the file holds it under, with its line.
                    var nodes = new Dictionary<string, ConfigNode?>
                    {
                        ["mode"] = modeNode, ["workers"] = w, ["folio-size"] = size, ["batch-pages"] = batchNode,
                        ["total"] = totalNode ?? foliosNode, ["folios"] = foliosNode, ["reason"] = reasonNode, ["engine"] = engineNode,
                        ["platform"] = platformNode,
                    };
                    scenarios.Add(ScenarioBuilder.Build(input, profile, (key, problem) =>
                        nodes.GetValueOrDefault(key) is { } node ? node.Problem(problem) : new ConfigException(root.File, $"{group.Path}.{key.Replace('-', '_')}", problem)));
                }
        }
        root.RejectUnknownKeys();
        if (scenarios.Count == 0) throw new ConfigException(root.File, "runs", "expected at least one run");
        return new SweepFile(name, scenarios);
    }
}
