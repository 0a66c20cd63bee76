using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using ActorMigration.Actors.Tiering;
using ActorMigration.Node.Cluster;
using ActorMigration.Node.Cluster.Partition;
using ActorMigration.Node.Simulate;

namespace ActorMigration.Node.Cli;

/// <summary><c>actormigration bench partitions [SCENARIO] [--partitions 2,4] [--cluster HOST:PORT (--tls-cert FILE | --insecure)]</c>: what a partitioned run
/// costs against one process, and where the time goes.</summary>
internal static class BenchPartitionsCommand
{
    public static Command Create()
    {
        var scenario = new Argument<string>("SCENARIO") { Description = "A system scenario (default: pond-16-tiering)", DefaultValueFactory = _ => "pond-16-tiering" };
        var counts = new Option<string>("--partitions") { Description = "Comma-separated partition counts", DefaultValueFactory = _ => "2,4" };
        var cluster = new ClusterOptions("Also run each partition count on worker members of the cluster that member HOST:PORT belongs to", "benchmark");
        var command = new Command("partitions", "Wall time of a tiered run in one process, partitioned in this process and (with --cluster) on members, with each partitioned run's windows, crossings, bytes and time per phase");
        command.Arguments.Add(scenario);
        command.Options.Add(counts);
        cluster.AddTo(command);
        command.SetAction(parse =>
        {
            var file = TieringScenarioFile.Load(parse.GetValue(scenario)!);
            var partitions = parse.GetValue(counts)!.Split(',', StringSplitOptions.TrimEntries).Select(c =>
                int.TryParse(c, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && n <= file.System.Hosts.Count ? n
                    : throw new UsageException($"--partitions: expected counts from 1 to {file.System.Hosts.Count}, got '{c}'")).ToArray();
            var on = cluster.Read(parse);
            var table = new StringBuilder("mode     partitions  wall_ms  x_one  windows  crossed  window_bytes  join_ms  start_ms  local_ms  sync_ms  serial_ms  same_trace\n");
            TieringSimulation.Run(file); // warms up: a fresh process's first run pays Akka's start-up and tier-0 code
            var clock = Stopwatch.StartNew();
            var one = TieringSimulation.Run(file);
            var oneMs = clock.Elapsed.TotalMilliseconds;
            Row(table, "one", 1, oneMs, oneMs, new PartitionCounters(), true);
            foreach (var n in partitions)
            {
                var counters = new PartitionCounters();
                clock.Restart();
                var result = PartitionedTiering.Run(file, n, counters);
                Row(table, "local", n, clock.Elapsed.TotalMilliseconds, oneMs, counters, result.TraceHash == one.TraceHash);
                if (on is not var (client, deadline)) continue;
                counters = new PartitionCounters();
                clock.Restart();
                result = ClusterPartitionedRun.Run(file, n, client, deadline, counters);
                Row(table, "cluster", n, clock.Elapsed.TotalMilliseconds, oneMs, counters, result.TraceHash == one.TraceHash);
            }
            Console.Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Row(StringBuilder table, string mode, int partitions, double wallMs, double oneMs, PartitionCounters c, bool same) =>
        table.Append(CultureInfo.InvariantCulture,
            $"{mode,-8} {partitions,10} {wallMs,8:F0} {wallMs / oneMs,6:F2} {c.Windows,8} {c.Crossed,8} {c.Bytes,13} {c.JoinMs,8:F0} {c.StartMs,9:F0} {c.LocalMs,9:F0} {c.SyncMs,8:F0} {c.SerializationMs,10:F0}  {(same ? "yes" : "NO")}\n");
}
