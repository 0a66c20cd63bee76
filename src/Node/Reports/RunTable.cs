using System.Text;
using System.Text.Json.Nodes;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;

namespace ActorMigration.Node.Reports;

/// <summary>The human-readable form of one run's metrics.</summary>
public static class RunTable
{
    /// <summary>A heading naming the scenario, then one metric per line.</summary>
    public static string Format(MigrationScenario scenario, JsonObject metrics)
    {
        var text = new StringBuilder();
        text.AppendLine($"{scenario.Platform.Name}: {ScenarioNames.NameOf(ScenarioNames.Modes, scenario.Mode)}"
            + (scenario.Mode is CopyMode.MtCopy or CopyMode.Dcbm ? $" x{scenario.Workers}" : "")
            + $", {scenario.Folios} folios of {scenario.FolioSize}, {scenario.BatchPages} pages per batch, seed {scenario.Seed}");
        var rows = RunMetrics.Flatten(metrics).ToArray();
        var width = rows.Max(r => r.Key.Length);
        foreach (var (key, value) in rows) text.Append("  ").Append(key.PadRight(width)).Append("  ").AppendLine(value);
        return text.ToString().TrimEnd();
    }
}
