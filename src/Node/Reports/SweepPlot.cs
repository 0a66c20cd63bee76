using System.Globalization;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Cli;
using ActorMigration.Node.Sweep;
using ScottPlot;

namespace ActorMigration.Node.Reports;

/// <summary>A sweep drawn as the RFC's readers think of it: throughput against folio size, one line per mode and worker
/// count; where a measurements file is given, the measured means (with their standard deviations) beside the model's line,
/// in the same colour.</summary>
public static class SweepPlot
{
    private const int Width = 1000, Height = 640;

    /// <summary>Writes the plot of <paramref name="outcomes"/> to <paramref name="path"/> (PNG or SVG).</summary>
    public static void Write(string path, string title, IReadOnlyList<SweepRunner.Outcome> outcomes, MeasurementFile? measured)
    {

        var plot = new Plot();
        plot.Title(measured is null ? title : $"{title}: lines the model, open circles ±1σ measured ({Path.GetFileName(measured.File)})");
        plot.Axes.Bottom.Label.Text = "folio size";
        plot.Axes.Left.Label.Text = "throughput (GB/s)";
        var sizes = outcomes.Select(o => o.Scenario.FolioSize.Bytes).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(sizes.Select(X).ToArray(), sizes.Select(b => new Contracts.Units.ByteSize(b).ToString()).ToArray());

        // One line per everything but the folio size; batch size, engine and placement are named only where the sweep varies them.
        var batchesVary = outcomes.GroupBy(o => (o.Scenario.Mode, o.Scenario.Workers)).Any(g => g.Select(o => o.Scenario.BatchPages).Distinct().Count() > 1);
        var enginesVary = outcomes.Select(o => o.Scenario.Engine).Distinct().Count() > 1;
        var placementsVary = outcomes.Select(o => o.Scenario.Placement).Distinct().Count() > 1;
        foreach (var line in outcomes.GroupBy(o => (o.Scenario.Mode, o.Scenario.Workers, o.Scenario.BatchPages, o.Scenario.Engine, o.Scenario.Placement)))
        {
            var points = line.OrderBy(o => o.Scenario.FolioSize.Bytes).ToArray();
            var model = plot.Add.Scatter(points.Select(o => X(o.Scenario.FolioSize.Bytes)).ToArray(), points.Select(o => o.Result.Report.ThroughputGBps).ToArray());
            model.LegendText = Label(line.Key.Mode, line.Key.Workers)
                + (batchesVary ? $", batches of {line.Key.BatchPages} pages" : "")
                + (enginesVary ? $", {line.Key.Engine?.ToString().ToLowerInvariant() ?? "any engine"}" : "")
                + (placementsVary ? $", {line.Key.Placement.ToString().ToLowerInvariant()}" : "");
            model.LineWidth = 2;
            if (line.Key.Mode == CopyMode.Dcbm) model.LinePattern = LinePattern.Dashed; // the palette repeats: modes differ by pattern too
            model.MarkerSize = 5;
            var mode = ScenarioNames.NameOf(ScenarioNames.Modes, line.Key.Mode);
            var cells = measured?.Cells.Where(c => c.Mode == mode && c.Workers == line.Key.Workers).OrderBy(c => c.FolioKiB).ToArray() ?? [];
            if (cells.Length == 0) continue;
            var xs = cells.Select(c => X(c.FolioKiB * 1024L)).ToArray();
            var ys = cells.Select(c => c.Gbps).ToArray();
            var means = plot.Add.ScatterPoints(xs, ys);
            means.Color = model.Color;
            means.MarkerShape = MarkerShape.OpenCircle;
            means.MarkerSize = 9;
            var spread = plot.Add.ErrorBar(xs, ys, cells.Select(c => c.Stddev).ToArray());
            spread.Color = model.Color;
        }
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.Write(path, plot, Width, Height);
    }

    // Folio sizes double from point to point: a log2 axis spaces them evenly.
    private static double X(long bytes) => Math.Log2(bytes);

    private static string Label(CopyMode mode, int workers) => mode switch
    {
        CopyMode.MtCopy => string.Create(CultureInfo.InvariantCulture, $"mtcopy, {workers} thread{(workers == 1 ? "" : "s")}"),
        CopyMode.Dcbm => string.Create(CultureInfo.InvariantCulture, $"dcbm, {workers} channel{(workers == 1 ? "" : "s")}"),
        _ => ScenarioNames.NameOf(ScenarioNames.Modes, mode),
    };
}
