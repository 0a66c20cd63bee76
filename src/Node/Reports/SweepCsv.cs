using System.Globalization;
using System.Text;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Reports;

/// <summary>Sweep results as CSV: the measurement files' key columns (<c>mode,workers,folio_kib</c>) and <c>gbps</c>, then every
/// metric of <c>run --format json</c>, flattened, one row per run.</summary>
public static class SweepCsv
{
    /// <summary>The CSV text, header first.</summary>
    public static string Format(IReadOnlyList<SweepRunner.Outcome> outcomes)
    {
        var text = new StringBuilder();
        var headerWritten = false;
        foreach (var o in outcomes)
        {
            var metrics = RunMetrics.Flatten(RunMetrics.ToJson(o.Result, o.WallMs)).ToArray();
            // Every run reports the same metrics in the same order (see MigrationReport), so one header fits all rows.
            if (!headerWritten)
            {
                text.AppendLine(string.Join(',', new[] { "mode", "workers", "folio_kib", "gbps" }.Concat(metrics.Select(m => m.Key))));
                headerWritten = true;
            }
            var row = new[]
            {
                ScenarioNames.NameOf(ScenarioNames.Modes, o.Scenario.Mode),
                o.Scenario.Workers.ToString(CultureInfo.InvariantCulture),
                o.Scenario.FolioSize.KiB.ToString(CultureInfo.InvariantCulture),
                o.Result.Report.ThroughputGBps.ToString("F4", CultureInfo.InvariantCulture),
            };
            text.AppendLine(string.Join(',', row.Concat(metrics.Select(m => m.Value))));
        }
        return text.ToString();
    }
}
