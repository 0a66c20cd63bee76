using System.Globalization;
using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Cli;
using ScottPlot;

namespace ActorMigration.Node.Reports;

/// <summary>A tiered run drawn over virtual time, for <c>simulate --plot DIR</c>: each node's memory in use, promotion and
/// demotion, the hint faults and candidates behind promotion, each workload's slowdown and fast-tier hits, each caller's
/// folios migrated and failed, each host's DMA channels busy, and on a system with GPUs each GPU's SDMA ring busy and the bytes
/// its driver moved in and out. Every picture is written as PNG and as SVG; the rates are <see cref="TieringInterval"/>'s, as in the CSV.</summary>
public static class TieringPlot
{
    private const int Width = 1400, Height = 700, LegendRoom = 120;

    /// <summary>Checks, before the run, that <paramref name="dir"/> is a folder to draw into.</summary>
    public static void Check(string dir)
    {
        if (!Directory.Exists(dir)) throw new UsageException($"--plot: no folder {Path.GetFullPath(dir)}");
    }

    /// <summary>Draws <paramref name="result"/>, a run of <paramref name="scenario"/>, into <paramref name="dir"/>: occupancy,
    /// migration, faults, workloads, callers and engines, each .png and .svg.</summary>
    public static void Write(string dir, TieringScenario scenario, TieringResult result)
    {
        var intervals = TieringInterval.Of(result);
        var times = intervals.Select(i => i.EndSeconds).ToArray();
        double[] Series(Func<TieringInterval, double> value) => intervals.Select(value).ToArray();
        NodeInterval Node(TieringInterval i, int node) => i.Nodes.First(n => n.Node == node);
        var what = $"{scenario.Name} on {scenario.System.Name}";

        // Shares rather than bytes: a DRAM node and a CXL expander differ several times in size, and the share is what
        // the watermarks, and so kswapd, act on.
        var occupancy = Chart($"{what}: memory in use per node", "in use (% of the node's capacity)");
        foreach (var node in result.Totals.Nodes)
            Line(occupancy, times, Series(i => 100.0 * Node(i, node.Node).UsedBytes / node.CapacityBytes),
                string.Create(CultureInfo.InvariantCulture, $"node {node.Node}, tier {node.Tier}, {node.CapacityBytes / (double)(1L << 30):0.#} GiB"));
        Save(dir, "occupancy", occupancy);

        // A promotion counts on the node promoted to, a demotion on the node demoted from, a hint fault on the node the folio
        // was on, a candidate on the node it would go to; so the nodes with a count are the ones that acted, and the rest stay
        // off the picture. Hint faults can outrun promotions a hundredfold (a rate limit), hence a picture of their own. The
        // second counter is dashed: without a limit every hint fault is a candidate, and a solid line would hide the other.
        void Counters(string name, string title, (string Counter, string Label) first, (string Counter, string Label) second)
        {
            var plot = Chart($"{what}: {title}", "MB/s of base pages");
            foreach (var ((counter, label), pattern) in new[] { (first, LinePattern.Solid), (second, LinePattern.Dashed) })
                foreach (var node in result.Totals.Nodes.Where(n => n.Vmstat.GetValueOrDefault(counter) > 0))
                    Line(plot, times, Series(i => Node(i, node.Node).VmstatMbps[counter]), $"{label} node {node.Node} ({counter})").LinePattern = pattern;
            Save(dir, name, plot);
        }
        Counters("migration", "promotion and demotion", ("pgpromote_success", "promoted to"), ("pgdemote_kswapd", "demoted from"));
        Counters("faults", "NUMA hint faults and promotion candidates", ("numa_hint_faults", "hint faults on"), ("pgpromote_candidate", "candidates for"));

        var workloads = Chart($"{what}: workloads (solid: slowdown, dashed: fast-tier hits)", "slowdown (memory stall over all on idle local DRAM)");
        workloads.Axes.Right.Label.Text = "fast-tier hits (% of accesses)";
        foreach (var w in result.Totals.Workloads)
        {
            WorkloadInterval Of(TieringInterval i) => i.Workloads.First(x => x.Workload == w.Workload);
            var slowdown = Line(workloads, times, Series(i => Of(i).Slowdown), $"{w.Workload} slowdown");
            var hits = Line(workloads, times, Series(i => 100 * Of(i).FastTierHitRatio), $"{w.Workload} fast-tier hits");
            hits.Color = slowdown.Color;
            hits.LinePattern = LinePattern.Dashed;
            hits.Axes.YAxis = workloads.Axes.Right;
        }
        Save(dir, "workloads", workloads);

        // Per caller rather than per node: the same migrate_pages() under different callers (memory_hotplug, kswapd, a syscall)
        // is what a run compares; failures dashed, in the caller's colour, only for callers that had any.
        var callers = Chart($"{what}: migrate_pages() callers (solid: folios migrated, dashed: failed)", "folios per second");
        foreach (var c in result.Totals.Callers)
        {
            CallerInterval Of(TieringInterval i) => i.Callers.FirstOrDefault(x => x.Caller == c.Caller) ?? new CallerInterval(c.Caller, 0, 0, 0, 0, 0);
            var seconds = intervals.Select((i, k) => i.EndSeconds - (k == 0 ? 0 : intervals[k - 1].EndSeconds)).ToArray();
            var migrated = Line(callers, times, intervals.Select((i, k) => Of(i).Succeeded / seconds[k]).ToArray(), $"{c.Caller} migrated");
            if (c.Failed == 0) continue;
            var failed = Line(callers, times, intervals.Select((i, k) => Of(i).Failed / seconds[k]).ToArray(), $"{c.Caller} failed");
            failed.Color = migrated.Color;
            failed.LinePattern = LinePattern.Dashed;
        }
        Save(dir, "callers", callers);

        var engines = Chart($"{what}: copy engines", "DMA channels busy (% of their time)");
        foreach (var e in result.Totals.Engines)
            Line(engines, times, Series(i => 100 * i.Engines.First(x => x.Host == e.Host).ChannelUtilisation), $"{e.Host}, {e.Channels} DMA channels");
        Save(dir, "engines", engines);

        if (result.Totals.Gpus.Count == 0) return;
        // Each GPU that copied anything: its SDMA ring busy, and what its driver moved so far, into device memory solid and out of
        // it dashed, in the ring's colour. Moves are counted when a migration ends, so their sums are drawn, not their rates.
        var gpus = Chart($"{what}: GPUs (ring busy; GB moved so far, solid: into device memory, dashed: out)", "SDMA ring busy (% of its time)");
        gpus.Axes.Right.Label.Text = "GB moved so far";
        foreach (var g in result.Totals.Gpus.Where(g => g.SdmaWindows > 0))
        {
            GpuInterval Of(TieringInterval i) => i.Gpus.First(x => x.Gpu == g.Gpu);
            double[] Gb(Func<GpuInterval, long> bytes)
            {
                double sum = 0;
                return intervals.Select(i => (sum += bytes(Of(i))) / 1e9).ToArray();
            }
            var busy = Line(gpus, times, Series(i => 100 * Of(i).CopyEngineUtilisation), $"{g.Gpu} SDMA busy");
            var into = Line(gpus, times, Gb(x => x.PrefetchedBytes + x.FaultedInBytes), $"{g.Gpu} in (prefetched, faulted in)");
            var outOf = Line(gpus, times, Gb(x => x.EvictedBytes + x.FaultedBackBytes + x.OtherOutBytes), $"{g.Gpu} out (evicted, faulted back, other)");
            into.Color = outOf.Color = busy.Color;
            busy.LineWidth = 1;
            outOf.LinePattern = LinePattern.Dashed;
            into.Axes.YAxis = outOf.Axes.YAxis = gpus.Axes.Right;
        }
        Save(dir, "gpus", gpus);
    }

    private static Plot Chart(string title, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.Axes.Bottom.Label.Text = "virtual time (s)";
        plot.Axes.Left.Label.Text = yLabel;
        plot.ShowLegend(Edge.Right); // beside the data, not over it: a system of 16 hosts has 16 lines or more
        return plot;
    }

    // A point at the end of each sample interval: a level (memory in use) as it was then, a rate as its mean over the interval.
    private static ScottPlot.Plottables.Scatter Line(Plot plot, double[] times, double[] values, string label)
    {
        var line = plot.Add.Scatter(times, values);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 0;
        return line;
    }

    private static void Save(string dir, string name, Plot plot)
    {
        // A legend taller than the picture would wrap into columns past its right edge: the picture grows to hold it
        // in one, with room for the title above and the axis below.
        using var legend = plot.Legend.GetImage();
        var height = Math.Max(Height, legend.Height + LegendRoom);
        foreach (var extension in new[] { ".png", ".svg" })
            PlotFile.Write(Path.Combine(dir, name + extension), plot, Width, height);
    }
}
