using ActorMigration.Node.Journal;
using ScottPlot;

namespace ActorMigration.Node.Reports;

/// <summary>The timeline of one migrate_pages() call: a row per track (the migrating thread's CPU, each DMA channel, copy
/// worker or engine), its batches, unmaps, flushes, copies and remaps as coloured bars in virtual time.</summary>
/// <remarks>A call of a million folios has millions of spans: spans of one kind on one row closer than 1/2000 of the call
/// are drawn as one bar, which is all a picture of that width can show anyway.</remarks>
public static class TimelinePlot
{
    private const int Width = 1200;

    private static readonly (string Category, Color Color, double Bottom, double Top)[] Kinds =
    [
        ("batch", Colors.LightGray, -0.45, 0.45),
        ("unmap", Colors.SteelBlue, -0.3, 0.3),
        ("flush", Colors.Crimson, -0.3, 0.3),
        ("copy", Colors.ForestGreen, -0.3, 0.3),
        ("remap", Colors.DarkOrange, -0.3, 0.3),
    ];

    /// <summary>Writes the timeline of <paramref name="run"/> to <paramref name="path"/> (PNG or SVG).</summary>
    public static void Write(string path, string title, JournaledRun run)
    {
        var spans = RunTimeline.Of(run).ToArray();
        var tracks = spans.Select(s => s.Track).Distinct().ToArray();
        var endUs = spans.Length == 0 ? 1 : spans.Max(s => s.EndPs) / 1e6;
        var mergeUs = endUs / 2000;
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "virtual time (µs)";
        foreach (var (category, color, bottom, top) in Kinds)
        {
            foreach (var row in spans.Where(s => s.Category == category).GroupBy(s => Array.IndexOf(tracks, s.Track)))
            {
                var y = -row.Key; // the first track on top
                foreach (var (start, end) in Merged(row.Select(s => (s.StartPs / 1e6, s.EndPs / 1e6)), mergeUs))
                {
                    var bar = plot.Add.Rectangle(start, Math.Max(end, start + mergeUs / 4), y + bottom, y + top);
                    bar.FillColor = color;
                    bar.LineWidth = 0;
                }
            }
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = category, FillColor = color });
        }
        plot.Axes.Left.SetTicks(tracks.Select((_, i) => (double)-i).ToArray(), tracks);
        plot.Axes.SetLimitsY(-tracks.Length + 0.4, 0.6);
        plot.ShowLegend(Alignment.LowerRight);
        var height = 200 + 40 * tracks.Length;
        PlotFile.Write(path, plot, Width, height);
    }

    private static IEnumerable<(double Start, double End)> Merged(IEnumerable<(double Start, double End)> spans, double gap)
    {
        double? start = null, end = null;
        foreach (var (s, e) in spans.OrderBy(x => x.Start))
        {
            if (start is not null && s <= end + gap)
            {
                end = Math.Max(end!.Value, e);
                continue;
            }
            if (start is not null) yield return (start.Value, end!.Value);
            (start, end) = (s, e);
        }
        if (start is not null) yield return (start.Value, end!.Value);
    }
}
