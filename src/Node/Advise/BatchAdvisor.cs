using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Sweep;

namespace ActorMigration.Node.Advise;

/// <summary>The question the RFC's reviewers kept asking: how large may NR_MAX_BATCHED_MIGRATION be (and how many threads or
/// channels) before the batch-copy barrier makes the first folio, or every folio, wait too long? Answered by running the
/// model over a grid, not by a formula.</summary>
public static class BatchAdvisor
{
    /// <summary>The latency the bound applies to.</summary>
    public enum Bound
    {
        /// <summary>The median first-folio latency of the call's batches.</summary>
        FirstFolioMedian,

        /// <summary>The 99th percentile of the folios' inaccessible time.</summary>
        InaccessibleP99,
    }

    /// <summary>One run of the grid.</summary>
    /// <param name="Workers">Threads (mtcopy) or channels (dcbm); 0 for vanilla and batch.</param>
    /// <param name="BatchPages">NR_MAX_BATCHED_MIGRATION in base pages.</param>
    /// <param name="Gbps">Throughput.</param>
    /// <param name="FirstFolioUs">Median first-folio latency.</param>
    /// <param name="InaccessibleP99Us">p99 inaccessible time.</param>
    /// <param name="Within">Whether the bound holds.</param>
    public sealed record Point(int Workers, int BatchPages, double Gbps, double FirstFolioUs, double InaccessibleP99Us, bool Within);

    /// <summary>What the search found.</summary>
    /// <param name="Points">Every run, by workers then batch size.</param>
    /// <param name="Frontier">Per worker count, the fastest run within the bound (none when even one folio per batch breaks it).</param>
    /// <param name="Best">The fastest run within the bound, or null.</param>
    public sealed record Advice(IReadOnlyList<Point> Points, IReadOnlyList<Point> Frontier, Point? Best);

    /// <summary>Worker counts tried when none is given: 1 to 16, doubling (dcbm uses at most 16 channels per batch).</summary>
    public static IReadOnlyList<int> DefaultWorkers { get; } = [1, 2, 4, 8, 16];

    /// <summary>Batch sizes tried: from one folio per batch, doubling, to the whole call in one batch (or the largest size a
    /// batch can have).</summary>
    public static IReadOnlyList<int> BatchSizes(MigrationScenario scenario)
    {
        var folioPages = scenario.FolioSize.Bytes / 4096;
        var sizes = new List<int>();
        for (var pages = folioPages; pages <= Math.Min(scenario.Folios * folioPages, int.MaxValue); pages *= 2) sizes.Add((int)pages);
        return sizes;
    }

    /// <summary>Every run of the search: <paramref name="scenario"/> with each worker count and batch size.</summary>
    public static IReadOnlyList<MigrationScenario> Grid(MigrationScenario scenario, IReadOnlyList<int> workers) =>
        (from w in workers from b in BatchSizes(scenario) select scenario with { Workers = w, BatchPages = b }).ToArray();

    /// <summary>Runs <paramref name="grid"/>, <paramref name="parallel"/> runs at once, and picks within the bound.</summary>
    public static Advice Search(IReadOnlyList<MigrationScenario> grid, Bound bound, double limitUs, int parallel)
    {
        var points = SweepRunner.Run(grid, parallel).Select(o =>
        {
            var first = RunMetrics.FirstFolioMedianUs(o.Result.Report);
            var p99 = RunMetrics.InaccessibleUs(o.Result.Report, 0.99);
            return new Point(o.Scenario.Workers, o.Scenario.BatchPages, o.Result.Report.ThroughputGBps, first, p99,
                (bound == Bound.FirstFolioMedian ? first : p99) <= limitUs);
        }).ToArray();
        var frontier = points.Where(p => p.Within).GroupBy(p => p.Workers)
            .Select(g => g.OrderByDescending(p => p.Gbps).ThenBy(p => p.BatchPages).First()).ToArray();
        var best = frontier.OrderByDescending(p => p.Gbps).ThenBy(p => p.Workers).FirstOrDefault();
        return new Advice(points, frontier, best);
    }
}
