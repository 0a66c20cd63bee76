using System.Globalization;
using ActorMigration.Node.Advise;
using ScottPlot;

namespace ActorMigration.Node.Reports;

/// <summary>An advice drawn: throughput against NR_MAX_BATCHED_MIGRATION, one line per worker count; filled markers where the
/// latency bound holds, open where it does not, the best run ringed.</summary>
public static class AdvicePlot
{
    private const int Width = 1000, Height = 640;

    /// <summary>Writes the plot to <paramref name="path"/> (PNG or SVG); <paramref name="workerNoun"/> names a worker (thread, channel), null for none.</summary>
    public static void Write(string path, string title, BatchAdvisor.Advice advice, string? workerNoun)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "NR_MAX_BATCHED_MIGRATION (base pages)";
        plot.Axes.Left.Label.Text = "throughput (GB/s)";
        var sizes = advice.Points.Select(p => p.BatchPages).Distinct().Order().ToArray();
        plot.Axes.Bottom.SetTicks(sizes.Select(s => Math.Log2(s)).ToArray(), sizes.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray());
        foreach (var line in advice.Points.GroupBy(p => p.Workers))
        {
            var points = line.OrderBy(p => p.BatchPages).ToArray();
            var all = plot.Add.Scatter(points.Select(p => Math.Log2(p.BatchPages)).ToArray(), points.Select(p => p.Gbps).ToArray());
            all.LegendText = workerNoun is null ? "throughput" : $"{line.Key} {workerNoun}{(line.Key == 1 ? "" : "s")}";
            all.MarkerShape = MarkerShape.OpenCircle;
            all.MarkerSize = 7;
            var within = points.Where(p => p.Within).ToArray();
            if (within.Length == 0) continue;
            var ok = plot.Add.ScatterPoints(within.Select(p => Math.Log2(p.BatchPages)).ToArray(), within.Select(p => p.Gbps).ToArray());
            ok.Color = all.Color;
            ok.MarkerShape = MarkerShape.FilledCircle;
            ok.MarkerSize = 7;
        }
        if (advice.Best is { } best)
        {
            var ring = plot.Add.ScatterPoints(new[] { Math.Log2(best.BatchPages) }, new[] { best.Gbps });
            ring.MarkerShape = MarkerShape.OpenCircle;
            ring.MarkerSize = 18;
            ring.Color = Colors.Black;
            ring.LegendText = "best within the bound (filled: within)";
        }
        plot.ShowLegend(Alignment.UpperLeft);
        PlotFile.Write(path, plot, Width, Height);
    }
}
