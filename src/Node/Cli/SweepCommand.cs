using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using ActorMigration.Actors.Simulation;
using ActorMigration.Node.Calibration;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Journal;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Sweep;
using Spectre.Console;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration sweep SCENARIO.yaml [--format table|csv] [--out FILE] [--parallel N | --cluster HOST:PORT (--tls-cert FILE | --insecure)]</c>.</summary>
internal static class SweepCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "A sweep scenario file, or the name of a shipped one (rfc-v3-throughput)" };
        var format = new Option<string>("--format") { Description = "table|csv", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var output = new Option<string?>("--out") { Description = "Write the results to FILE instead of standard output" };
        var parallel = new Option<int>("--parallel") { Description = "Runs at once (default: processor count)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var plot = new Option<string?>("--plot") { Description = "Also draw throughput against folio size, one line per mode and worker count, into FILE.png or FILE.svg" };
        var measurements = new Option<string?>("--measurements") { Description = "With --plot: a measurements CSV (as calibrate reads) whose means to draw beside the model's" };
        var cluster = new ClusterOptions("Run the points on the workers of the cluster that member HOST:PORT belongs to", "sweep");
        var journal = new JournalOptions();
        var command = new Command("sweep", "Run a grid of scenarios and print the RFC cover-letter table or CSV");
        journal.AddTo(command);
        command.Arguments.Add(scenario);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(parallel);
        command.Options.Add(plot);
        command.Options.Add(measurements);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var n = parse.GetValue(parallel);
            if (n < 1) throw new UsageException($"--parallel: expected at least 1, got {n}");
            var file = SweepFile.Load(parse.GetValue(scenario)!);
            MemoryBudget.Check(file.Scenarios, n, parse.GetValue(scenario)!);
            var plotPath = parse.GetValue(plot);
            if (plotPath is not null) PlotFile.Check(plotPath);
            if (parse.GetValue(measurements) is { } csv && plotPath is null) throw new UsageException($"--measurements: draws {csv} on a plot; give --plot FILE.png or FILE.svg too");
            var measured = parse.GetValue(measurements) is { } measuredPath ? MeasurementFile.Load(measuredPath) : null;
            var (location, detail) = journal.Read(parse);
            IReadOnlyList<SweepRunner.Outcome> outcomes;
            if (cluster.Read(parse) is var (client, deadline))
            {
                if (parse.GetResult(parallel) is { Implicit: false }) throw new UsageException("--parallel: the cluster's workers set the parallelism of --cluster");
                if (location is not null && !JournalLocation.Parse(location).IsPostgres)
                    throw new UsageException($"--journal: with --cluster, a journal every worker reaches: postgres:CONNSTR (got {JournalLocation.Parse(location).Display})");
                using var store = JournalOptions.Open(location);
                // Claimed here, in the scenario file's order, as a local sweep claims them; each worker writes the rest of its point's run.
                Func<SweepJournal>? claim = store is null ? null : () => new SweepJournal(location!, detail,
                    file.Scenarios.Select(s => Claimed(store.Begin(file.Name, s, detail))).ToArray());
                outcomes = WithProgress(file, onPoint => ClusterSweep.Run(file.Name, file.Scenarios, client, deadline,
                    (result, workers) => onPoint(result, workers), claim));
            }
            else
            {
                using var store = JournalOptions.Open(location);
                // Run ids follow the scenario file's order, whichever run finishes first: every run is claimed before any starts.
                var writers = store is null ? null : file.Scenarios.Select(s => store.Begin(file.Name, s, detail)).ToArray();
                outcomes = WithProgress(file, onPoint => SweepRunner.Run(file.Scenarios, n, runOne: (i, s) =>
                {
                    var result = writers is null ? MigrationSimulation.Run(s) : JournaledRuns.Run(writers[i], s, detail);
                    onPoint(result, null);
                    return result;
                }));
            }
            var text = parse.GetValue(format) == "csv" ? SweepCsv.Format(outcomes) : SweepTable.Format(outcomes);
            if (parse.GetValue(output) is { } path) Output.WriteAtomically(path, text);
            else Console.WriteLine(text.TrimEnd());
            if (plotPath is not null) SweepPlot.Write(plotPath, file.Name, outcomes, measured);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The id of a run claimed for another process to write.</summary>
    private static string Claimed(RunJournalWriter claim)
    {
        claim.Complete();
        return claim.RunId;
    }

    /// <summary>Runs the sweep with <paramref name="run"/> (which calls its argument after each run, from any thread, with the number of
    /// cluster workers if any) with a progress bar on standard error when it is a terminal (runs done, workers, virtual time simulated,
    /// events per second, time left), so standard output stays clean. When standard error is not a terminal, a cluster sweep says each
    /// point there as a line (a local one says nothing).</summary>
    private static IReadOnlyList<SweepRunner.Outcome> WithProgress(SweepFile file, Func<Action<MigrationRunResult, int?>, IReadOnlyList<SweepRunner.Outcome>> run)
    {
        var total = file.Scenarios.Count;
        if (Console.IsErrorRedirected)
        {
            var said = 0;
            return run((_, workers) =>
            {
                var finished = Interlocked.Increment(ref said);
                if (workers is { } w) Console.Error.WriteLine($"actormigration: {file.Name}: {finished}/{total} points done, {w} workers");
            });
        }
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IReadOnlyList<SweepRunner.Outcome> outcomes = [];
        long events = 0, virtualPs = 0;
        var done = 0;
        var clock = Stopwatch.StartNew();
        console.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn()).Start(ctx =>
        {
            var task = ctx.AddTask($"{file.Name}: {total} runs", maxValue: total);
            outcomes = run((result, workers) =>
            {
                Interlocked.Add(ref events, result.Events);
                Interlocked.Add(ref virtualPs, result.SimTimePs);
                var finished = Interlocked.Increment(ref done);
                task.Value = finished;
                var where = workers is { } w ? $" on {w} workers" : "";
                task.Description = string.Create(CultureInfo.InvariantCulture,
                    $"{file.Name}: {finished}/{total} runs{where}, {Interlocked.Read(ref virtualPs) / 1e9:N1} ms virtual, {Interlocked.Read(ref events) / clock.Elapsed.TotalSeconds / 1e6:F1} M events/s");
            });
        });
        return outcomes;
    }
}
