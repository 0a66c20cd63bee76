using System.CommandLine;
using System.Diagnostics;
using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration simulate SCENARIO</c>: a tiered system running workloads, with the kernel's tiering callers at work.</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("SCENARIO") { Description = "A system scenario: a shipped name or a YAML path (it names its system with system:)" };
        var format = new Option<string>("--format") { Description = "table|json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var seed = new Option<ulong?>("--seed") { Description = "Seed of every random stream (default: the scenario's)" };
        var outDir = new Option<string?>("--out") { Description = "Also write the time series into this folder: nodes.csv, callers.csv, workloads.csv, engines.csv" };
        var plot = new Option<string?>("--plot") { Description = "Also draw the run into this folder, each as .png and .svg: occupancy, migration, faults, workloads, engines" };
        var command = new Command("simulate", "Run a tiered system (workloads, NUMA balancing, demotion) for a span of virtual time and report per node, caller, workload and copy engine");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { format, seed, outDir, plot }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var scenario = TieringScenarioFile.Load(parse.GetValue(file)!);
            if (parse.GetValue(seed) is { } s) scenario = scenario with { Seed = s };
            var dir = parse.GetValue(outDir);
            if (dir is not null && !Directory.Exists(dir)) throw new UsageException($"--out: no folder {Path.GetFullPath(dir)}");
            var plotDir = parse.GetValue(plot);
            if (plotDir is not null) TieringPlot.Check(plotDir);
            var clock = Stopwatch.StartNew();
            var terminal = !Console.IsErrorRedirected;
            var result = TieringSimulation.Run(scenario, terminal ? t => Console.Error.Write($"\rsimulate: {t.TotalSeconds:0.###} of {scenario.Duration.TotalSeconds:0.###} s") : null);
            if (terminal) Console.Error.WriteLine();
            var json = TieringReport.ToJson(scenario, result, clock.Elapsed.TotalMilliseconds);
            Console.WriteLine(parse.GetValue(format) == "json" ? TieringReport.Format(json) : TieringReport.Table(scenario, json));
            if (dir is not null)
                foreach (var (name, text) in TieringReport.TimeSeries(result))
                    Output.WriteAtomically(Path.Combine(dir, name), text);
            if (plotDir is not null) TieringPlot.Write(plotDir, scenario, result);
            return ExitCodes.Ok;
        });
        return command;
    }
}
