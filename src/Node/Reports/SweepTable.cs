using System.Globalization;
using System.Text;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Reports;

/// <summary>Sweep results in the layout of the kernel RFC's cover letters: one block per mode, rows = threads or channels,
/// columns = folio sizes, cells = GB/s, so a result pastes straight into a mailing-list post.</summary>
public static class SweepTable
{
    /// <summary>The blocks for every mode in the sweep, in order of first appearance.</summary>
    public static string Format(IReadOnlyList<SweepRunner.Outcome> outcomes)
    {
        var text = new StringBuilder();
        foreach (var byMode in outcomes.GroupBy(o => o.Scenario.Mode))
        {
            var sizes = byMode.Select(o => o.Scenario.FolioSize).Distinct().Order().ToArray();
            var rowLabel = byMode.Key switch { CopyMode.MtCopy => "threads", CopyMode.Dcbm => "channels", _ => "" };
            text.AppendLine($"{ScenarioNames.NameOf(ScenarioNames.Modes, byMode.Key)} (GB/s)");
            text.Append(rowLabel.PadRight(9));
            foreach (var size in sizes) text.Append(size.ToString().PadLeft(8));
            text.AppendLine();
            foreach (var row in byMode.GroupBy(o => o.Scenario.Workers))
            {
                text.Append((byMode.Key is CopyMode.MtCopy or CopyMode.Dcbm ? row.Key.ToString(CultureInfo.InvariantCulture) : "-").PadRight(9));
                foreach (var size in sizes)
                {
                    var cell = row.FirstOrDefault(o => o.Scenario.FolioSize == size);
                    text.Append((cell is null ? "" : cell.Result.Report.ThroughputGBps.ToString("F2", CultureInfo.InvariantCulture)).PadLeft(8));
                }
                text.AppendLine();
            }
            text.AppendLine();
        }
        return text.ToString().TrimEnd();
    }
}
