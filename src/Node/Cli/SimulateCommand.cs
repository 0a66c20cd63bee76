using System.CommandLine;
using System.Diagnostics;
using ActorMigration.Actors.Tiering;
using ActorMigration.Contracts.Units;
using ActorMigration.Node.Cluster.Partition;
using ActorMigration.Node.Reports;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration simulate SCENARIO [--partitions N [--cluster HOST:PORT (--tls-cert FILE | --insecure)] [--stats]]</c>: a tiered system running
/// workloads, with the kernel's tiering callers at work; partitioned by host, the same result.</summary>
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
        var partitions = new Option<int?>("--partitions") { Description = "Partition the system by host into N worlds that advance in windows of the pool epoch: on N cluster members with --cluster, else in this process" };
        var stats = new Option<bool>("--stats") { Description = "With --partitions: print on standard error what partitioning cost (windows, messages and bytes crossed, wall time per phase)" };
        var cluster = new ClusterOptions("Run the partitions on worker members of the cluster that member HOST:PORT belongs to (with --partitions)", "run");
        var command = new Command("simulate", "Run a tiered system (workloads, NUMA balancing, demotion) for a span of virtual time and report per node, caller, workload and copy engine");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { format, seed, outDir, plot, partitions, stats }) command.Options.Add(o);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var scenario = TieringScenarioFile.Load(parse.GetValue(file)!);
            if (parse.GetValue(seed) is { } s) scenario = scenario with { Seed = s };
            var dir = parse.GetValue(outDir);
            if (dir is not null && !Directory.Exists(dir)) throw new UsageException($"--out: no folder {Path.GetFullPath(dir)}");
            var plotDir = parse.GetValue(plot);
            if (plotDir is not null) TieringPlot.Check(plotDir);
            var split = parse.GetValue(partitions);
            var hosts = scenario.System.Hosts.Count;
            if (split is { } count && (count < 1 || count > hosts))
                throw new UsageException($"--partitions: system {scenario.System.Name} has {hosts} hosts, so 1 to {hosts} partitions; got {count}");
            var on = cluster.Read(parse);
            if (on is not null && split is null) throw new UsageException("--cluster: give --partitions N, the members to spread the system over");
            if (parse.GetValue(stats) && split is null) throw new UsageException("--stats: counts what partitioning costs; give --partitions N");
            var counters = parse.GetValue(stats) ? new PartitionCounters() : null;
            var clock = Stopwatch.StartNew();
            var terminal = !Console.IsErrorRedirected;
            Action<SimTime>? progress = terminal ? t => Console.Error.Write($"\rsimulate: {t.TotalSeconds:0.###} of {scenario.Duration.TotalSeconds:0.###} s") : null;
            var result = (split, on) switch
            {
                (null, _) => TieringSimulation.Run(scenario, progress),
                ({ } n, null) => PartitionedTiering.Run(scenario, n, counters),
                ({ } n, var (client, deadline)) => ClusterPartitionedRun.Run(scenario, n, client, deadline, counters, progress),
            };
            if (terminal) Console.Error.WriteLine();
            if (counters is not null) Console.Error.WriteLine(PartitionStats.Format(split!.Value, counters, clock.Elapsed.TotalMilliseconds));
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
