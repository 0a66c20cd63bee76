using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ActorMigration.Actors.Migrate;
using ActorMigration.Node.Advise;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration advise --platform P --mode M [--workers N] --folio-size S (--max-first-folio-us X | --max-inaccessible-us X)</c>.</summary>
internal static class AdviseCommand
{
    public static Command Create()
    {
        var platform = new Option<string>("--platform") { Description = "A shipped platform name or a profile YAML path", Required = true };
        var mode = new Option<string>("--mode") { Description = "vanilla|batch|mtcopy|dcbm", Required = true };
        var workers = new Option<int?>("--workers") { Description = "mtcopy threads or dcbm channels (default: search 1, 2, 4, 8, 16)" };
        var folioSize = new Option<string>("--folio-size") { Description = "A power of two from 4K to 2M", Required = true };
        var total = new Option<string>("--total") { Description = "Bytes per call", DefaultValueFactory = _ => "1G" };
        var firstFolio = new Option<double?>("--max-first-folio-us") { Description = "Bound on the median first-folio latency of the call's batches (µs)" };
        var inaccessible = new Option<double?>("--max-inaccessible-us") { Description = "Bound on the p99 time a folio is inaccessible (µs)" };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: processor count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var plot = new Option<string?>("--plot") { Description = "Also draw throughput against batch size per worker count into FILE.png or FILE.svg" };
        var command = new Command("advise", "Find the NR_MAX_BATCHED_MIGRATION (and thread or channel count) of highest throughput within a latency bound, by running the model");
        foreach (var o in new Option[] { platform, mode, workers, folioSize, total, firstFolio, inaccessible, format, parallel, plot }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var (bound, limit) = (parse.GetValue(firstFolio), parse.GetValue(inaccessible)) switch
            {
                ({ } f, null) => (BatchAdvisor.Bound.FirstFolioMedian, f),
                (null, { } i) => (BatchAdvisor.Bound.InaccessibleP99, i),
                _ => throw new UsageException("--max-first-folio-us or --max-inaccessible-us: give exactly one bound"),
            };
            if (!(limit > 0)) throw new UsageException($"{(bound == BatchAdvisor.Bound.FirstFolioMedian ? "--max-first-folio-us" : "--max-inaccessible-us")}: expected a positive number of µs, got {limit}");
            var n = parse.GetValue(parallel);
            if (n < 1) throw new UsageException($"--parallel: expected at least 1, got {n}");
            if (parse.GetValue(plot) is { } plotPath) PlotFile.Check(plotPath);
            var modeName = parse.GetValue(mode)!;
            var withWorkers = modeName is "mtcopy" or "dcbm";
            if (!withWorkers && parse.GetValue(workers) is not null) throw new UsageException($"--workers: {modeName} copies on the migrating task itself: workers are mtcopy's threads or dcbm's channels");
            var scenario = ScenarioBuilder.Build(new ScenarioBuilder.Input(parse.GetValue(platform)!, modeName, withWorkers ? 1 : 0, null,
                parse.GetValue(folioSize)!, parse.GetValue(total), null, 512, "syscall", 1, FaultInjection.None), (key, problem) => new UsageException($"--{key}: {problem}"));
            IReadOnlyList<int> candidates = !withWorkers ? [0] : parse.GetValue(workers) is { } w ? [w] : BatchAdvisor.DefaultWorkers;
            var grid = BatchAdvisor.Grid(scenario, candidates);
            foreach (var point in grid)
                if (point.Validate() is { } problem) throw new UsageException($"--{problem.Key}: {problem.Message}");
            MemoryBudget.Check(grid, n, "--total");

            var advice = BatchAdvisor.Search(grid, bound, limit, n);
            var what = $"{scenario.Platform.Name} {modeName}, {scenario.Folios:N0} folios of {scenario.FolioSize} per call, "
                + (bound == BatchAdvisor.Bound.FirstFolioMedian ? "median first-folio latency" : "p99 inaccessible time") + string.Create(CultureInfo.InvariantCulture, $" ≤ {limit} µs");
            Console.WriteLine(parse.GetValue(format) == "json" ? Json(advice, what, bound, limit).ToJsonString(new() { WriteIndented = true }) : Table(advice, what, withWorkers));
            if (parse.GetValue(plot) is { } path) AdvicePlot.Write(path, what, advice, modeName switch { "dcbm" => "channel", "mtcopy" => "thread", _ => null });
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Table(BatchAdvisor.Advice advice, string what, bool withWorkers)
    {
        var text = new StringBuilder().AppendLine(CultureInfo.InvariantCulture, $"advise: {what}");
        text.AppendLine(CultureInfo.InvariantCulture, $"{"workers",7}  {"batch_pages",11}  {"gbps",7}  {"first_folio_us",14}  {"inaccessible_p99_us",19}  within");
        foreach (var p in advice.Points)
            text.AppendLine(CultureInfo.InvariantCulture, $"{p.Workers,7}  {p.BatchPages,11}  {p.Gbps,7:F2}  {p.FirstFolioUs,14:F1}  {p.InaccessibleP99Us,19:F1}  {(p.Within ? (advice.Frontier.Contains(p) ? "yes, fastest" : "yes") : "no")}");
        var runs = $"{advice.Points.Count} runs of the model";
        text.Append(advice.Best is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"best: {(withWorkers ? $"{best.Workers} {(best.Workers == 1 ? "worker" : "workers")}, " : "")}NR_MAX_BATCHED_MIGRATION={best.BatchPages}: {best.Gbps:F2} GB/s, first folio {best.FirstFolioUs:F1} µs, p99 inaccessible {best.InaccessibleP99Us:F1} µs ({runs})")
            : $"none: even one folio per batch breaks the bound ({runs})");
        return text.ToString();
    }

    private static JsonObject Json(BatchAdvisor.Advice advice, string what, BatchAdvisor.Bound bound, double limit)
    {
        static JsonObject Of(BatchAdvisor.Point p) => new()
        {
            ["workers"] = p.Workers, ["batch_pages"] = p.BatchPages, ["throughput_gbps"] = Math.Round(p.Gbps, 4),
            ["first_folio_us_median"] = p.FirstFolioUs, ["inaccessible_us_p99"] = p.InaccessibleP99Us, ["within"] = p.Within,
        };
        return new JsonObject
        {
            ["question"] = what,
            ["bound"] = bound == BatchAdvisor.Bound.FirstFolioMedian ? "first_folio_us_median" : "inaccessible_us_p99",
            ["limit_us"] = limit,
            ["runs"] = advice.Points.Count,
            ["best"] = advice.Best is { } best ? Of(best) : null,
            ["frontier"] = new JsonArray(advice.Frontier.Select(p => (JsonNode)Of(p)).ToArray()),
            ["points"] = new JsonArray(advice.Points.Select(p => (JsonNode)Of(p)).ToArray()),
        };
    }
}
