using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorMigration.Actors.Migrate;
using ActorMigration.Actors.Simulation;
using ActorMigration.Contracts.Platform;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration run</c>: one migrate_pages() call on an emulated machine.</summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var platform = new Option<string>("--platform") { Description = "A shipped platform name or a profile YAML path", Required = true };
        var mode = new Option<string>("--mode") { Description = "vanilla|batch|mtcopy|dcbm", Required = true };
        var workers = new Option<int?>("--workers") { Description = "mtcopy threads or dcbm channels (default 1; none for vanilla and batch)" };
        var engine = new Option<string?>("--engine") { Description = "dcbm engine kind: ptdma|dsa|sdxi (default: any, preferring the destination node's)" };
        var folioSize = new Option<string>("--folio-size") { Description = "A power of two from 4K to 2M: 4K|8K|16K|32K|64K|128K|256K|512K|1M|2M", Required = true };
        var total = new Option<string?>("--total") { Description = "Bytes to migrate (e.g. 1G); or use --folios" };
        var folios = new Option<int?>("--folios") { Description = "Folios to migrate; or use --total" };
        var batchPages = new Option<int>("--batch-pages") { Description = "NR_MAX_BATCHED_MIGRATION in base pages", DefaultValueFactory = _ => 512 };
        var reason = new Option<string>("--reason") { Description = string.Join("|", ScenarioNames.Reasons.Keys), DefaultValueFactory = _ => "syscall" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of every random stream", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var eagain = new Option<double>("--eagain") { Description = "Probability that a folio's unmap returns -EAGAIN" };
        var ebusy = new Option<double>("--ebusy") { Description = "Probability that a folio's unmap returns -EBUSY (async passes)" };
        var enomem = new Option<double>("--enomem") { Description = "Probability that a destination allocation fails with -ENOMEM" };
        var mismatch = new Option<double>("--mapping-mismatch") { Description = "Probability that dcbm's mapped scatter-gather entry counts differ (fallback)" };
        var placement = new Option<string>("--placement") { Description = "mtcopy workers: packed (SMT siblings share a core) or spread (one per core)", DefaultValueFactory = _ => "packed" };
        placement.AcceptOnlyFromAmong("packed", "spread");

        var plot = new Option<string?>("--plot") { Description = "Also draw the call's timeline (unmap, flush, copy per channel or worker, remap) into FILE.png or FILE.svg" };
        var journal = new JournalOptions();
        var command = new Command("run", "Run one migrate_pages() call on an emulated machine and print its metrics");
        journal.AddTo(command);
        foreach (var o in new Option[] { platform, mode, workers, engine, folioSize, total, folios, batchPages, reason, seed, format, eagain, ebusy, enomem, mismatch, placement, plot })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var scenario = ScenarioBuilder.Build(new ScenarioBuilder.Input(
                parse.GetValue(platform)!, parse.GetValue(mode)!, parse.GetValue(workers) ?? (parse.GetValue(mode) is "mtcopy" or "dcbm" ? 1 : 0), parse.GetValue(engine),
                parse.GetValue(folioSize)!, parse.GetValue(total), parse.GetValue(folios), parse.GetValue(batchPages),
                parse.GetValue(reason)!, parse.GetValue(seed),
                new FaultInjection(parse.GetValue(eagain), parse.GetValue(ebusy), parse.GetValue(enomem), parse.GetValue(mismatch)),
                parse.GetValue(placement)!),
                (key, problem) => new UsageException($"--{key}: {problem}"));
            MemoryBudget.Check([scenario], 1, parse.GetValue(total) is null ? "--folios" : "--total", parse.GetValue(plot) is null ? 0 : MemoryBudget.PlotBytesPerFolio);
            var (location, detail) = journal.Read(parse);
            var plotPath = parse.GetValue(plot);
            if (plotPath is not null)
            {
                PlotFile.Check(plotPath);
                if (location is not null && detail != JournalDetail.Folio)
                    throw new UsageException("--plot: draws every folio's spans, so a journaled run records them too: give --journal-detail folio");
            }
            using var store = JournalOptions.Open(location);
            // A drawn run records its folio detail in memory, beside its journal if it has one.
            var drawn = plotPath is null ? null : new MemoryEventSink();
            drawn?.Events.Add(RunDescriptor.Describe("run", "run", scenario, JournalDetail.Folio));
            var clock = Stopwatch.StartNew();
            var result = (store, drawn) switch
            {
                (null, null) => MigrationSimulation.Run(scenario),
                (null, { } memory) => JournaledRuns.Run(memory, scenario, JournalDetail.Folio),
                ({ } j, null) => JournaledRuns.Run(j, "run", scenario, detail),
                ({ } j, { } memory) => JournaledRuns.Run(new TeeEventSink(j.Begin("run", scenario, detail), memory), scenario, detail),
            };
            var json = RunMetrics.ToJson(result, clock.Elapsed.TotalMilliseconds);
            Console.WriteLine(parse.GetValue(format) == "json" ? RunMetrics.Format(json) : RunTable.Format(scenario, json));
            if (plotPath is not null)
            {
                var title = $"{scenario.Platform.Name}: {parse.GetValue(mode)}{(scenario.Workers > 0 ? $" x{scenario.Workers}" : "")}, {scenario.Folios:N0} folios of {scenario.FolioSize}, batches of {scenario.BatchPages} pages";
                TimelinePlot.Write(plotPath, title, new JournaledRun("run", drawn!.Events, null));
            }
            return ExitCodes.Ok;
        });
        return command;
    }
}
